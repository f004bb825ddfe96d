//! Whether a text may go to a contact, checked at every send; a refusal is kept with the
//! message (REFUSED, and why), never silently dropped.

use crm_customers::domain::ConsentStatus;
use crm_customers::entity::contact;

pub use crm_core::consent::Purpose;

/// Where a text may go: the contact's first phone number (E.164), when the purpose allows it.
pub fn recipient(contact: Option<&contact::Model>, purpose: Purpose) -> Result<String, String> {
    let contact = contact.ok_or_else(|| "no contact to write to".to_owned())?;
    let name = format!("{} {}", contact.first_name, contact.last_name);
    let number = contact.phones.0.first().map(|entry| entry.number.clone()).ok_or_else(|| format!("{name} has no phone number"))?;
    match purpose {
        Purpose::Service => Ok(number),
        Purpose::Marketing if contact.sms_consent == ConsentStatus::Granted => Ok(number),
        Purpose::Marketing => Err(format!("{name} has not consented to marketing texts")),
    }
}
