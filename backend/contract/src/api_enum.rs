//! `api_enum!`: one declaration of an enum of the schema, for the server and the app.
//!
//! Each value is written once with its API spelling (`Prospect = "PROSPECT"`), which becomes
//! its serde name (also its form inside the server's JSON columns, such as a contact's
//! consents), its GraphQL name and, for enums stored in a table, its database text. The
//! enum always derives what the app needs (`Clone`, `Copy`, `Debug`, `Default`, `PartialEq`,
//! `Eq`, `Hash`, `Serialize`, `Deserialize`) and gets `ALL`, `as_api` and `from_api`; with the
//! `server` feature it also derives `async_graphql::Enum` and, when declared with a
//! `#[sea_orm(...)]` column type, `sea_orm::DeriveActiveEnum` and `sea_orm::EnumIter`.
//!
//! The doc comments are the schema's descriptions (`schema.graphql`): change them as an API
//! change. The first value is the `Default`, which graphql_client's generated input types need
//! to derive theirs; the server never relies on it.

macro_rules! api_enum {
    // Stored in a table as text (the server's column type given as `#[sea_orm(...)]`).
    (
        $(#[doc = $doc:literal])*
        #[sea_orm($($column:tt)*)]
        pub enum $name:ident {
            $(#[doc = $first_doc:literal])*
            $first:ident = $first_api:literal
            $(, $(#[doc = $variant_doc:literal])* $variant:ident = $api:literal)* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "server", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, async_graphql::Enum))]
        #[cfg_attr(feature = "server", sea_orm($($column)*))]
        pub enum $name {
            $(#[doc = $first_doc])*
            #[default]
            #[serde(rename = $first_api)]
            #[cfg_attr(feature = "server", graphql(name = $first_api), sea_orm(string_value = $first_api))]
            $first,
            $(
                $(#[doc = $variant_doc])*
                #[serde(rename = $api)]
                #[cfg_attr(feature = "server", graphql(name = $api), sea_orm(string_value = $api))]
                $variant,
            )*
        }

        api_enum!(@impl $name { $first = $first_api $(, $variant = $api)* });
    };

    // Only in the API (arguments, computed fields).
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $(#[doc = $first_doc:literal])*
            $first:ident = $first_api:literal
            $(, $(#[doc = $variant_doc:literal])* $variant:ident = $api:literal)* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "server", derive(async_graphql::Enum))]
        pub enum $name {
            $(#[doc = $first_doc])*
            #[default]
            #[serde(rename = $first_api)]
            #[cfg_attr(feature = "server", graphql(name = $first_api))]
            $first,
            $(
                $(#[doc = $variant_doc])*
                #[serde(rename = $api)]
                #[cfg_attr(feature = "server", graphql(name = $api))]
                $variant,
            )*
        }

        api_enum!(@impl $name { $first = $first_api $(, $variant = $api)* });
    };

    (@impl $name:ident { $($variant:ident = $api:literal),+ }) => {
        impl $name {
            /// Every value, in schema order (for selects and filters).
            pub const ALL: [$name; [$($api),+].len()] = [$($name::$variant),+];

            /// The value as the API spells it (for URLs, form values, the audit log's columns).
            pub fn as_api(self) -> &'static str {
                match self {
                    $($name::$variant => $api),+
                }
            }

            /// Parses the API spelling.
            pub fn from_api(value: &str) -> Option<Self> {
                match value {
                    $($api => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}
