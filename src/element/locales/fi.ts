/** Finnish shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Maksa Klarnalla',
  finalizeButton: 'Vahvista maksu',
  tryAgainButton: 'Yritä uudelleen',
  categoryLegend: 'Maksutapa',
  loading: 'Ladataan Klarnaa…',
  authorizing: 'Odotetaan Klarnaa…',
  authorized: 'Klarna hyväksyi maksun.',
  finalizeRequired: 'Klarna hyväksyi maksun. Viimeistele ostos vahvistamalla.',
  placing: 'Tilaustasi lähetetään…',
  placed: 'Tilauksesi on vastaanotettu.',
  notCompleted: 'Klarna-maksu jäi kesken.',
  checkDetails: 'Tarkista Klarnan merkitsemät tiedot ja yritä uudelleen.',
  confirmAgain: 'Vahvista maksusi Klarnalla uudelleen.',
  notOffered: 'Klarnaa ei voi käyttää tähän ostokseen. Valitse toinen maksutapa.',
  retry: 'Jokin meni vikaan. Yritä uudelleen.',
  orderRetry: 'Emme saaneet vahvistusta tilauksellesi. Yritä uudelleen – sinua ei veloiteta kahdesti.',
  outcomeUnknown: 'Emme pystyneet varmistamaan, menikö tilauksesi läpi. Älä maksa uudelleen – tarkista sähköpostisi tai ota yhteyttä kauppaan.',
  unavailableNow: 'Klarnaa ei voi käyttää juuri nyt. Valitse toinen maksutapa.',
  cartProblem: 'Ostoskorissasi on ongelma. Tarkista se ja yritä uudelleen.',
};

export default messages;
