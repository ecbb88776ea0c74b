/** Italian shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Paga con Klarna',
  finalizeButton: 'Conferma il pagamento',
  tryAgainButton: 'Riprova',
  categoryLegend: 'Metodo di pagamento',
  loading: 'Caricamento di Klarna…',
  authorizing: 'In attesa di Klarna…',
  authorized: 'Klarna ha approvato il pagamento.',
  finalizeRequired: 'Klarna ha approvato il pagamento. Conferma per completare l’ordine.',
  placing: 'Invio dell’ordine in corso…',
  placed: 'Il tuo ordine è stato effettuato.',
  notCompleted: 'Il pagamento con Klarna non è stato completato.',
  checkDetails: 'Controlla i dati evidenziati da Klarna e riprova.',
  confirmAgain: 'Conferma di nuovo il pagamento con Klarna.',
  notOffered: 'Klarna non è disponibile per questo acquisto. Scegli un altro metodo di pagamento.',
  retry: 'Si è verificato un errore. Riprova.',
  orderRetry: 'Non siamo riusciti a confermare il tuo ordine. Riprova: non ti verrà addebitato due volte.',
  outcomeUnknown: 'Non siamo riusciti a verificare se il tuo ordine è andato a buon fine. Non pagare di nuovo: controlla la tua e-mail o contatta il negozio.',
  unavailableNow: 'Klarna non è disponibile al momento. Scegli un altro metodo di pagamento.',
  cartProblem: 'C’è un problema con il tuo carrello. Controllalo e riprova.',
};

export default messages;
