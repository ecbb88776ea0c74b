/** Slovak shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Zaplatiť cez Klarna',
  finalizeButton: 'Potvrdiť platbu',
  tryAgainButton: 'Skúsiť znova',
  categoryLegend: 'Spôsob platby',
  loading: 'Načítava sa Klarna…',
  authorizing: 'Čakáme na Klarna…',
  authorized: 'Klarna platbu schválila.',
  finalizeRequired: 'Klarna platbu schválila. Potvrďte ju a dokončite nákup.',
  placing: 'Odosielame vašu objednávku…',
  placed: 'Vaša objednávka bola prijatá.',
  notCompleted: 'Platba cez Klarna nebola dokončená.',
  checkDetails: 'Skontrolujte údaje, ktoré Klarna označila, a skúste to znova.',
  confirmAgain: 'Potvrďte, prosím, platbu cez Klarna znova.',
  notOffered: 'Klarna sa pri tomto nákupe nedá použiť. Vyberte si, prosím, iný spôsob platby.',
  retry: 'Niečo sa pokazilo. Skúste to, prosím, znova.',
  orderRetry: 'Objednávku sa nepodarilo potvrdiť. Skúste to znova – nič vám nezaúčtujeme dvakrát.',
  outcomeUnknown: 'Nepodarilo sa overiť, či objednávka prešla. Neplaťte znova – skontrolujte e-mail alebo kontaktujte obchod.',
  unavailableNow: 'Klarna sa teraz nedá použiť. Vyberte si, prosím, iný spôsob platby.',
  cartProblem: 'S vaším košíkom je problém. Skontrolujte ho a skúste to znova.',
};

export default messages;
