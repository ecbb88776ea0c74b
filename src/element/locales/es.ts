/** Spanish shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Pagar con Klarna',
  finalizeButton: 'Confirmar el pago',
  tryAgainButton: 'Volver a intentarlo',
  categoryLegend: 'Método de pago',
  loading: 'Cargando Klarna…',
  authorizing: 'Esperando a Klarna…',
  authorized: 'Klarna ha aprobado el pago.',
  finalizeRequired: 'Klarna ha aprobado el pago. Confirma para finalizar la compra.',
  placing: 'Enviando tu pedido…',
  placed: 'Tu pedido se ha realizado.',
  notCompleted: 'El pago con Klarna no se ha completado.',
  checkDetails: 'Revisa los datos que ha señalado Klarna y vuelve a intentarlo.',
  confirmAgain: 'Vuelve a confirmar el pago con Klarna.',
  notOffered: 'Klarna no está disponible para esta compra. Elige otro método de pago.',
  retry: 'Algo ha salido mal. Vuelve a intentarlo.',
  orderRetry: 'No hemos podido confirmar tu pedido. Vuelve a intentarlo: no se te cobrará dos veces.',
  outcomeUnknown: 'No hemos podido comprobar si tu pedido se ha completado. No vuelvas a pagar: revisa tu correo electrónico o ponte en contacto con la tienda.',
  unavailableNow: 'Klarna no está disponible en este momento. Elige otro método de pago.',
  cartProblem: 'Hay un problema con tu carrito. Revísalo y vuelve a intentarlo.',
};

export default messages;
