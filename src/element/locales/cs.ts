/** Czech shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Zaplatit přes Klarna',
  finalizeButton: 'Potvrdit platbu',
  tryAgainButton: 'Zkusit znovu',
  categoryLegend: 'Způsob platby',
  loading: 'Načítání Klarna…',
  authorizing: 'Čekáme na Klarna…',
  authorized: 'Klarna platbu schválila.',
  finalizeRequired: 'Klarna platbu schválila. Potvrďte ji a dokončete nákup.',
  placing: 'Odesíláme vaši objednávku…',
  placed: 'Vaše objednávka byla přijata.',
  notCompleted: 'Platba přes Klarna nebyla dokončena.',
  checkDetails: 'Zkontrolujte údaje, které Klarna označila, a zkuste to znovu.',
  confirmAgain: 'Potvrďte prosím platbu přes Klarna znovu.',
  notOffered: 'Klarna pro tento nákup nelze použít. Zvolte prosím jiný způsob platby.',
  retry: 'Něco se pokazilo. Zkuste to prosím znovu.',
  orderRetry: 'Objednávku se nepodařilo potvrdit. Zkuste to znovu – dvakrát vám nic neúčtujeme.',
  outcomeUnknown: 'Nepodařilo se ověřit, zda objednávka prošla. Neplaťte znovu – zkontrolujte e-mail nebo kontaktujte obchod.',
  unavailableNow: 'Klarna teď nelze použít. Zvolte prosím jiný způsob platby.',
  cartProblem: 'S vaším košíkem je problém. Zkontrolujte ho a zkuste to znovu.',
};

export default messages;
