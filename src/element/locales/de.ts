/** German shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Mit Klarna bezahlen',
  finalizeButton: 'Zahlung bestätigen',
  tryAgainButton: 'Erneut versuchen',
  categoryLegend: 'Zahlungsart',
  loading: 'Klarna wird geladen …',
  authorizing: 'Warten auf Klarna …',
  authorized: 'Klarna hat die Zahlung genehmigt.',
  finalizeRequired: 'Klarna hat die Zahlung genehmigt. Bestätigen Sie jetzt den Kauf.',
  placing: 'Ihre Bestellung wird übermittelt …',
  placed: 'Ihre Bestellung ist eingegangen.',
  notCompleted: 'Die Zahlung mit Klarna wurde nicht abgeschlossen.',
  checkDetails: 'Bitte prüfen Sie die von Klarna markierten Angaben und versuchen Sie es erneut.',
  confirmAgain: 'Bitte bestätigen Sie Ihre Zahlung noch einmal mit Klarna.',
  notOffered: 'Klarna ist für diesen Einkauf nicht verfügbar. Bitte wählen Sie eine andere Zahlungsart.',
  retry: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  orderRetry: 'Wir konnten Ihre Bestellung nicht bestätigen. Versuchen Sie es erneut – es wird nichts doppelt abgebucht.',
  outcomeUnknown: 'Wir konnten nicht prüfen, ob Ihre Bestellung eingegangen ist. Bitte zahlen Sie nicht noch einmal: Sehen Sie in Ihren E-Mails nach oder wenden Sie sich an den Shop.',
  unavailableNow: 'Klarna ist gerade nicht verfügbar. Bitte wählen Sie eine andere Zahlungsart.',
  cartProblem: 'Mit Ihrem Warenkorb stimmt etwas nicht. Bitte prüfen Sie ihn und versuchen Sie es erneut.',
};

export default messages;
