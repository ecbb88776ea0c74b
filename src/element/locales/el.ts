/** Greek shopper texts of `<klarna-checkout-button>` (key for key as `englishMessages`). Loaded on demand. */
import type { Messages } from '../messages.js';

const messages: Messages = {
  buyButton: 'Πληρωμή με Klarna',
  finalizeButton: 'Επιβεβαίωση πληρωμής',
  tryAgainButton: 'Δοκιμάστε ξανά',
  categoryLegend: 'Τρόπος πληρωμής',
  loading: 'Φόρτωση Klarna…',
  authorizing: 'Αναμονή για την Klarna…',
  authorized: 'Η Klarna ενέκρινε την πληρωμή.',
  finalizeRequired: 'Η Klarna ενέκρινε την πληρωμή. Επιβεβαιώστε για να ολοκληρώσετε την αγορά.',
  placing: 'Υποβολή της παραγγελίας σας…',
  placed: 'Η παραγγελία σας καταχωρίστηκε.',
  notCompleted: 'Η πληρωμή με Klarna δεν ολοκληρώθηκε.',
  checkDetails: 'Ελέγξτε τα στοιχεία που επισήμανε η Klarna και δοκιμάστε ξανά.',
  confirmAgain: 'Επιβεβαιώστε ξανά την πληρωμή σας με την Klarna.',
  notOffered: 'Η Klarna δεν είναι διαθέσιμη για αυτήν την αγορά. Επιλέξτε άλλο τρόπο πληρωμής.',
  retry: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά.',
  orderRetry: 'Δεν ήταν δυνατή η επιβεβαίωση της παραγγελίας σας. Δοκιμάστε ξανά: δεν θα χρεωθείτε δύο φορές.',
  outcomeUnknown: 'Δεν ήταν δυνατό να επιβεβαιωθεί αν η παραγγελία σας ολοκληρώθηκε. Μην πληρώσετε ξανά: ελέγξτε το email σας ή επικοινωνήστε με το κατάστημα.',
  unavailableNow: 'Η Klarna δεν είναι διαθέσιμη αυτήν τη στιγμή. Επιλέξτε άλλο τρόπο πληρωμής.',
  cartProblem: 'Υπάρχει πρόβλημα με το καλάθι σας. Ελέγξτε το και δοκιμάστε ξανά.',
};

export default messages;
