/** Hungarian shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Fizetés Klarnával',
  finalizeButton: 'Fizetés megerősítése',
  tryAgainButton: 'Újrapróbálkozás',
  categoryLegend: 'Fizetési mód',
  loading: 'A Klarna betöltése…',
  authorizing: 'Várakozás a Klarnára…',
  authorized: 'A Klarna jóváhagyta a fizetést.',
  finalizeRequired: 'A Klarna jóváhagyta a fizetést. A vásárlás befejezéséhez erősítse meg.',
  placing: 'Rendelés elküldése…',
  placed: 'Rendelését rögzítettük.',
  notCompleted: 'A Klarnás fizetés nem fejeződött be.',
  checkDetails: 'Ellenőrizze a Klarna által megjelölt adatokat, majd próbálja újra.',
  confirmAgain: 'Kérjük, erősítse meg újra a fizetést a Klarnával.',
  notOffered: 'A Klarna ennél a vásárlásnál nem használható. Kérjük, válasszon másik fizetési módot.',
  retry: 'Hiba történt. Kérjük, próbálja újra.',
  orderRetry: 'Nem tudtuk visszaigazolni a rendelését. Próbálja újra – nem terheljük meg kétszer.',
  outcomeUnknown: 'Nem tudtuk ellenőrizni, hogy a rendelése sikeres volt-e. Ne fizessen újra: nézze meg az e-mailjeit, vagy vegye fel a kapcsolatot az üzlettel.',
  unavailableNow: 'A Klarna jelenleg nem érhető el. Kérjük, válasszon másik fizetési módot.',
  cartProblem: 'Probléma van a kosarával. Ellenőrizze, majd próbálja újra.',
};

export default messages;
