//! Bulk import (`crm_imports` on the server): what a file holds, where a job stands, what
//! became of each row, and the fields a column can fill.

#[cfg(feature = "server")]
use sea_orm::sea_query::StringLen;

api_enum! {
    /// What kind of records an import file holds.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ImportKind {
        /// Customers, each with its primary contact on the same row.
        Customers = "CUSTOMERS",
    }
}

api_enum! {
    /// Where an import job stands.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ImportStatus {
        /// Waiting for a worker.
        Queued = "QUEUED",
        /// A worker is reading the file and writing its rows, a batch per transaction.
        Running = "RUNNING",
        /// Every row was read; the counts and the report are final.
        Done = "DONE",
        /// Stopped by a person; the rows of the batches already written stay.
        Cancelled = "CANCELLED",
        /// The file could not be read to its end (not CSV, not the encoding it claimed, a
        /// row longer than allowed); the batches before stay.
        Failed = "FAILED",
    }
}

api_enum! {
    /// What became of one row of an import file.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    pub enum ImportOutcome {
        /// A new record was written (a dry run: would be).
        Created = "CREATED",
        /// An existing record with the row's external id or email was updated.
        Updated = "UPDATED",
        /// Left out as a duplicate: of a record already in the CRM (when matches are not
        /// updated, or a namesake in the same place), or of an earlier row of the file.
        Skipped = "SKIPPED",
        /// Refused: a value the API would refuse too (the field and the reason say which).
        Refused = "REFUSED",
    }
}

api_enum! {
    /// What an import does with a row whose external id or email matches a record already
    /// in the CRM.
    pub enum ImportMatch {
        /// Update that record with the row's non-empty values.
        Update = "UPDATE",
        /// Leave the record as it is and report the row as skipped.
        Skip = "SKIP",
    }
}

api_enum! {
    /// A field a column of a customers file can fill. Empty cells leave a field unset.
    pub enum ImportField {
        /// The customer's id in the system the file comes from: rows are matched on it, and
        /// a second import of the same file updates instead of duplicating.
        ExternalId = "EXTERNAL_ID",
        /// The customer's name (a company's name, or the person's full name).
        Name = "NAME",
        /// PERSON or COMPANY (also `person`, `privato`, `azienda`, `società`…); without it a
        /// row is a company.
        Kind = "KIND",
        /// PROSPECT, CUSTOMER or FORMER (also `cliente`, `potenziale`, `ex cliente`…).
        Lifecycle = "LIFECYCLE",
        /// Industry or sector.
        Industry = "INDUSTRY",
        /// Labels, separated by commas, semicolons or `|`.
        Tags = "TAGS",
        /// Street and number.
        Street = "STREET",
        /// Postal code.
        PostalCode = "POSTAL_CODE",
        /// City.
        City = "CITY",
        /// Region, state or province.
        Region = "REGION",
        /// Country: an ISO code (`IT`) or a name in English or Italian (`Italy`, `Italia`).
        Country = "COUNTRY",
        /// The owner, by the email of an active staff user.
        OwnerEmail = "OWNER_EMAIL",
        /// Credit limit: a number, with a decimal comma or point and thousands separators.
        CreditLimit = "CREDIT_LIMIT",
        /// The credit limit's ISO 4217 currency; without it, the job's default currency.
        Currency = "CURRENCY",
        /// The primary contact's given name.
        FirstName = "FIRST_NAME",
        /// The primary contact's family name.
        LastName = "LAST_NAME",
        /// The primary contact's full name, split into first and last name (at the last space,
        /// keeping particles such as `De`, `van der` with the last name) when no first and
        /// last name columns are given.
        ContactName = "CONTACT_NAME",
        /// The primary contact's job title.
        JobTitle = "JOB_TITLE",
        /// The primary contact's email address.
        Email = "EMAIL",
        /// The primary contact's phone number (national numbers are read in the row's
        /// country, else the job's default country).
        Phone = "PHONE",
    }
}
