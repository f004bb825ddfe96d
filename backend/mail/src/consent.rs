//! Whether a message may go to a contact by email, checked at every send. A refusal is not an
//! error: the message is kept, marked refused with the reason, so the desk sees that the
//! customer was not written to and why.

use crm_customers::domain::ConsentStatus;
use crm_customers::entity::contact;

pub use crm_core::consent::Purpose;

/// Where a message may go: the contact's first email address, when the purpose allows it.
pub fn recipient(contact: Option<&contact::Model>, purpose: Purpose) -> Result<String, String> {
    let contact = contact.ok_or_else(|| "no contact to write to".to_owned())?;
    let address = contact
        .emails
        .0
        .first()
        .map(|entry| entry.address.clone())
        .ok_or_else(|| format!("{} {} has no email address", contact.first_name, contact.last_name))?;
    match purpose {
        Purpose::Service => Ok(address),
        Purpose::Marketing if contact.email_consent == ConsentStatus::Granted => Ok(address),
        Purpose::Marketing => Err(format!("{} {} has not consented to marketing email", contact.first_name, contact.last_name)),
    }
}
