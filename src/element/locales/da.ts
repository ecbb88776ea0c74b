/** Danish shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Betal med Klarna',
  finalizeButton: 'Bekræft betalingen',
  tryAgainButton: 'Prøv igen',
  categoryLegend: 'Betalingsmetode',
  loading: 'Indlæser Klarna…',
  authorizing: 'Venter på Klarna…',
  authorized: 'Klarna har godkendt betalingen.',
  finalizeRequired: 'Klarna har godkendt betalingen. Bekræft for at gennemføre købet.',
  placing: 'Sender din bestilling…',
  placed: 'Din bestilling er modtaget.',
  notCompleted: 'Betalingen med Klarna blev ikke gennemført.',
  checkDetails: 'Tjek de oplysninger, Klarna har markeret, og prøv igen.',
  confirmAgain: 'Bekræft din betaling med Klarna igen.',
  notOffered: 'Klarna kan ikke bruges til dette køb. Vælg en anden betalingsmetode.',
  retry: 'Noget gik galt. Prøv igen.',
  orderRetry: 'Vi kunne ikke bekræfte din bestilling. Prøv igen – du bliver ikke trukket to gange.',
  outcomeUnknown: 'Vi kunne ikke bekræfte, om din bestilling gik igennem. Betal ikke igen – tjek din e-mail, eller kontakt butikken.',
  unavailableNow: 'Klarna kan ikke bruges lige nu. Vælg en anden betalingsmetode.',
  cartProblem: 'Der er et problem med din kurv. Tjek den, og prøv igen.',
};

export default messages;
