/** Dutch shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Betalen met Klarna',
  finalizeButton: 'Betaling bevestigen',
  tryAgainButton: 'Opnieuw proberen',
  categoryLegend: 'Betaalmethode',
  loading: 'Klarna wordt geladen…',
  authorizing: 'Wachten op Klarna…',
  authorized: 'Klarna heeft de betaling goedgekeurd.',
  finalizeRequired: 'Klarna heeft de betaling goedgekeurd. Bevestig om je bestelling af te ronden.',
  placing: 'Je bestelling wordt geplaatst…',
  placed: 'Je bestelling is geplaatst.',
  notCompleted: 'De betaling met Klarna is niet voltooid.',
  checkDetails: 'Controleer de gegevens die Klarna heeft gemarkeerd en probeer het opnieuw.',
  confirmAgain: 'Bevestig je betaling opnieuw met Klarna.',
  notOffered: 'Klarna is niet beschikbaar voor deze aankoop. Kies een andere betaalmethode.',
  retry: 'Er ging iets mis. Probeer het opnieuw.',
  orderRetry: 'We konden je bestelling niet bevestigen. Probeer het opnieuw: je betaalt niet twee keer.',
  outcomeUnknown: 'We konden niet nagaan of je bestelling is gelukt. Betaal niet opnieuw: kijk in je e-mail of neem contact op met de winkel.',
  unavailableNow: 'Klarna is op dit moment niet beschikbaar. Kies een andere betaalmethode.',
  cartProblem: 'Er is een probleem met je winkelwagen. Controleer je winkelwagen en probeer het opnieuw.',
};

export default messages;
