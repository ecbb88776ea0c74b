/** French shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Payer avec Klarna',
  finalizeButton: 'Confirmer le paiement',
  tryAgainButton: 'Réessayer',
  categoryLegend: 'Moyen de paiement',
  loading: 'Chargement de Klarna…',
  authorizing: 'En attente de Klarna…',
  authorized: 'Klarna a accepté le paiement.',
  finalizeRequired: 'Klarna a accepté le paiement. Confirmez pour finaliser votre commande.',
  placing: 'Envoi de votre commande…',
  placed: 'Votre commande a bien été passée.',
  notCompleted: 'Le paiement Klarna n’a pas abouti.',
  checkDetails: 'Vérifiez les informations signalées par Klarna, puis réessayez.',
  confirmAgain: 'Veuillez confirmer à nouveau votre paiement avec Klarna.',
  notOffered: 'Klarna n’est pas disponible pour cet achat. Veuillez choisir un autre moyen de paiement.',
  retry: 'Une erreur s’est produite. Veuillez réessayer.',
  orderRetry: 'Nous n’avons pas pu confirmer votre commande. Réessayez\u00a0: vous ne serez pas débité deux fois.',
  outcomeUnknown: 'Nous n’avons pas pu vérifier si votre commande a abouti. Ne payez pas une seconde fois\u00a0: consultez vos e-mails ou contactez la boutique.',
  unavailableNow: 'Klarna n’est pas disponible pour le moment. Veuillez choisir un autre moyen de paiement.',
  cartProblem: 'Votre panier pose problème. Vérifiez-le, puis réessayez.',
};

export default messages;
