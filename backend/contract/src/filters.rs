//! What every list shares (`crm_core::filters` on the server).

api_enum! {
    /// Sort direction.
    pub enum OrderDirection {
        /// Smallest first (A→Z, oldest first).
        Asc = "ASC",
        /// Largest first (Z→A, newest first).
        Desc = "DESC",
    }
}
