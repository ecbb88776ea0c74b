/** Polish shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Zapłać z Klarna',
  finalizeButton: 'Potwierdź płatność',
  tryAgainButton: 'Spróbuj ponownie',
  categoryLegend: 'Metoda płatności',
  loading: 'Ładowanie Klarna…',
  authorizing: 'Czekamy na Klarna…',
  authorized: 'Klarna zaakceptowała płatność.',
  finalizeRequired: 'Klarna zaakceptowała płatność. Potwierdź, aby dokończyć zakup.',
  placing: 'Wysyłamy Twoje zamówienie…',
  placed: 'Twoje zamówienie zostało złożone.',
  notCompleted: 'Płatność z Klarna nie została dokończona.',
  checkDetails: 'Sprawdź dane zaznaczone przez Klarna i spróbuj ponownie.',
  confirmAgain: 'Potwierdź płatność w Klarna jeszcze raz.',
  notOffered: 'Klarna nie jest dostępna dla tego zakupu. Wybierz inną metodę płatności.',
  retry: 'Coś poszło nie tak. Spróbuj ponownie.',
  orderRetry: 'Nie udało się potwierdzić zamówienia. Spróbuj ponownie – nie zapłacisz dwa razy.',
  outcomeUnknown: 'Nie udało się sprawdzić, czy zamówienie zostało złożone. Nie płać ponownie – sprawdź e-mail lub skontaktuj się ze sklepem.',
  unavailableNow: 'Klarna jest teraz niedostępna. Wybierz inną metodę płatności.',
  cartProblem: 'Wystąpił problem z Twoim koszykiem. Sprawdź go i spróbuj ponownie.',
};

export default messages;
