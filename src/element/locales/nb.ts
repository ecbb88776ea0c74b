/** Norwegian Bokmål shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Betal med Klarna',
  finalizeButton: 'Bekreft betalingen',
  tryAgainButton: 'Prøv igjen',
  categoryLegend: 'Betalingsmåte',
  loading: 'Laster inn Klarna…',
  authorizing: 'Venter på Klarna…',
  authorized: 'Klarna har godkjent betalingen.',
  finalizeRequired: 'Klarna har godkjent betalingen. Bekreft for å fullføre kjøpet.',
  placing: 'Sender bestillingen din…',
  placed: 'Bestillingen din er mottatt.',
  notCompleted: 'Betalingen med Klarna ble ikke fullført.',
  checkDetails: 'Sjekk opplysningene Klarna har markert, og prøv igjen.',
  confirmAgain: 'Bekreft betalingen med Klarna på nytt.',
  notOffered: 'Klarna kan ikke brukes for dette kjøpet. Velg en annen betalingsmåte.',
  retry: 'Noe gikk galt. Prøv igjen.',
  orderRetry: 'Vi fikk ikke bekreftet bestillingen din. Prøv igjen – du blir ikke belastet to ganger.',
  outcomeUnknown: 'Vi fikk ikke bekreftet om bestillingen gikk gjennom. Ikke betal på nytt – sjekk e-posten din eller kontakt butikken.',
  unavailableNow: 'Klarna kan ikke brukes akkurat nå. Velg en annen betalingsmåte.',
  cartProblem: 'Det er et problem med handlekurven din. Sjekk den og prøv igjen.',
};

export default messages;
