//! Inputs every domain's operations share.

use async_graphql::{InputObject, ID};

/// Identifies a record at the version the client last read.
#[derive(InputObject, Debug, Clone)]
#[graphql(name = "RecordVersionInput")]
pub struct VersionedId {
    /// Id of the record.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
}
