//! Texts of the sales screens: the pipeline and its opportunities, deal registrations, the
//! product catalog and price books. Reached as `i18n.t().sales`.

use crate::api::types::{LeadSource, OpportunityStage, ProductUnit, Registration};

pub struct Texts {
    // Enums
    pub stage_label: fn(OpportunityStage) -> &'static str,
    pub source_label: fn(LeadSource) -> &'static str,
    pub registration_label: fn(Registration) -> &'static str,
    pub unit_label: fn(ProductUnit) -> &'static str,
}

pub static EN: Texts = Texts {
    stage_label: |v| match v {
        OpportunityStage::Prospecting => "Prospecting",
        OpportunityStage::Qualification => "Qualification",
        OpportunityStage::Proposal => "Proposal",
        OpportunityStage::Negotiation => "Negotiation",
        OpportunityStage::ClosedWon => "Won",
        OpportunityStage::ClosedLost => "Lost",
    },
    source_label: |v| match v {
        LeadSource::WebForm => "Web form",
        LeadSource::Import => "Import",
        LeadSource::Campaign => "Campaign",
        LeadSource::Partner => "Partner",
        LeadSource::Referral => "Referral",
        LeadSource::Manual => "Manual",
    },
    registration_label: |v| match v {
        Registration::Pending => "Awaiting approval",
        Registration::Approved => "Approved",
        Registration::Rejected => "Rejected",
    },
    unit_label: |v| match v {
        ProductUnit::Piece => "Piece",
        ProductUnit::Seat => "Seat",
        ProductUnit::Hour => "Hour",
        ProductUnit::Day => "Day",
        ProductUnit::Month => "Month",
        ProductUnit::Year => "Year",
    },
};

pub static IT: Texts = Texts {
    stage_label: |v| match v {
        OpportunityStage::Prospecting => "Prospezione",
        OpportunityStage::Qualification => "Qualificazione",
        OpportunityStage::Proposal => "Proposta",
        OpportunityStage::Negotiation => "Negoziazione",
        OpportunityStage::ClosedWon => "Vinta",
        OpportunityStage::ClosedLost => "Persa",
    },
    source_label: |v| match v {
        LeadSource::WebForm => "Modulo web",
        LeadSource::Import => "Importazione",
        LeadSource::Campaign => "Campagna",
        LeadSource::Partner => "Partner",
        LeadSource::Referral => "Segnalazione",
        LeadSource::Manual => "Manuale",
    },
    registration_label: |v| match v {
        Registration::Pending => "In attesa di approvazione",
        Registration::Approved => "Approvata",
        Registration::Rejected => "Respinta",
    },
    unit_label: |v| match v {
        ProductUnit::Piece => "Pezzo",
        ProductUnit::Seat => "Utenza",
        ProductUnit::Hour => "Ora",
        ProductUnit::Day => "Giorno",
        ProductUnit::Month => "Mese",
        ProductUnit::Year => "Anno",
    },
};
