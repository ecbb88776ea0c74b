/** Portuguese (as written in Portugal, Klarna's Portuguese market) shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Pagar com Klarna',
  finalizeButton: 'Confirmar pagamento',
  tryAgainButton: 'Tentar novamente',
  categoryLegend: 'Método de pagamento',
  loading: 'A carregar o Klarna…',
  authorizing: 'A aguardar o Klarna…',
  authorized: 'O Klarna aprovou o pagamento.',
  finalizeRequired: 'O Klarna aprovou o pagamento. Confirme para concluir a compra.',
  placing: 'A enviar a sua encomenda…',
  placed: 'A sua encomenda foi efetuada.',
  notCompleted: 'O pagamento com Klarna não foi concluído.',
  checkDetails: 'Verifique os dados assinalados pelo Klarna e tente novamente.',
  confirmAgain: 'Confirme novamente o pagamento com Klarna.',
  notOffered: 'O Klarna não está disponível para esta compra. Escolha outro método de pagamento.',
  retry: 'Algo correu mal. Tente novamente.',
  orderRetry: 'Não foi possível confirmar a sua encomenda. Tente novamente: não será cobrado duas vezes.',
  outcomeUnknown: 'Não foi possível confirmar se a sua encomenda foi concluída. Não pague novamente: consulte o seu e-mail ou contacte a loja.',
  unavailableNow: 'O Klarna não está disponível de momento. Escolha outro método de pagamento.',
  cartProblem: 'Há um problema com o seu carrinho. Verifique-o e tente novamente.',
};

export default messages;
