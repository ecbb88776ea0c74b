/** Swedish shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Betala med Klarna',
  finalizeButton: 'Bekräfta betalningen',
  tryAgainButton: 'Försök igen',
  categoryLegend: 'Betalsätt',
  loading: 'Laddar Klarna…',
  authorizing: 'Väntar på Klarna…',
  authorized: 'Klarna har godkänt betalningen.',
  finalizeRequired: 'Klarna har godkänt betalningen. Bekräfta för att slutföra köpet.',
  placing: 'Skickar din beställning…',
  placed: 'Din beställning är lagd.',
  notCompleted: 'Betalningen med Klarna slutfördes inte.',
  checkDetails: 'Kontrollera uppgifterna som Klarna har markerat och försök igen.',
  confirmAgain: 'Bekräfta din betalning med Klarna igen.',
  notOffered: 'Klarna kan inte användas för det här köpet. Välj ett annat betalsätt.',
  retry: 'Något gick fel. Försök igen.',
  orderRetry: 'Vi kunde inte bekräfta din beställning. Försök igen – du debiteras inte två gånger.',
  outcomeUnknown: 'Vi kunde inte bekräfta om din beställning gick igenom. Betala inte igen – kolla din e-post eller kontakta butiken.',
  unavailableNow: 'Klarna kan inte användas just nu. Välj ett annat betalsätt.',
  cartProblem: 'Det är något fel med din varukorg. Kontrollera den och försök igen.',
};

export default messages;
