/** Romanian shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Plătește cu Klarna',
  finalizeButton: 'Confirmă plata',
  tryAgainButton: 'Încearcă din nou',
  categoryLegend: 'Metodă de plată',
  loading: 'Se încarcă Klarna…',
  authorizing: 'Se așteaptă Klarna…',
  authorized: 'Klarna a aprobat plata.',
  finalizeRequired: 'Klarna a aprobat plata. Confirmă pentru a finaliza comanda.',
  placing: 'Se trimite comanda…',
  placed: 'Comanda ta a fost plasată.',
  notCompleted: 'Plata cu Klarna nu a fost finalizată.',
  checkDetails: 'Verifică datele marcate de Klarna și încearcă din nou.',
  confirmAgain: 'Confirmă din nou plata cu Klarna.',
  notOffered: 'Klarna nu poate fi folosită pentru această comandă. Alege altă metodă de plată.',
  retry: 'A apărut o eroare. Încearcă din nou.',
  orderRetry: 'Nu am putut confirma comanda. Încearcă din nou: nu vei plăti de două ori.',
  outcomeUnknown: 'Nu am putut verifica dacă ți-a fost înregistrată comanda. Nu plăti din nou: verifică e-mailul sau contactează magazinul.',
  unavailableNow: 'Klarna nu poate fi folosită momentan. Alege altă metodă de plată.',
  cartProblem: 'Este o problemă cu coșul tău. Verifică-l și încearcă din nou.',
};

export default messages;
