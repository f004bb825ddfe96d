//! Why a message is sent to a contact, which decides the consent it needs (checked at every
//! send by each channel: `crm_mail::consent`, `crm_sms::consent`).

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// An answer to what the customer asked (a ticket's reply): the customer's own request is
    /// the ground for writing; only an address or number is needed.
    Service,
    /// Anything the customer did not ask for: needs the contact's consent for the channel,
    /// granted.
    Marketing,
}
