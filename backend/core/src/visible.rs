//! Proof that the caller may see a record. A [`Visible`] row comes only from a repository
//! read that applied the caller's scope ([`Visible::vouched`], which clippy refuses outside
//! the modules that declare themselves repositories) or from a write the caller had the
//! right to make ([`Visible::written`], [`Visible::created`]). The API's record types are
//! built only from it, so a resolver cannot show a row it read without a scope; and the
//! loaders of what hangs off a record (a quote's lines, a customer's owner) are keyed by
//! [`Seen`], an id that only a visible record (or the caller itself) hands out.

use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::versioned::{CreateRight, WriteRight};
use sea_orm::{EntityTrait, ModelTrait};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::ops::Deref;
use uuid::Uuid;

/// A record the caller may see (see the module's documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct Visible<M>(M);

impl<M> Visible<M> {
    /// Vouches that `row` was read with the caller's scope. Only repositories call this:
    /// clippy's `disallowed-methods` fails it anywhere else.
    pub fn vouched(row: M) -> Self {
        Self(row)
    }

    /// Vouches for every row of a scoped read.
    pub fn vouched_all(rows: Vec<M>) -> Vec<Self> {
        rows.into_iter().map(Self).collect()
    }

    /// The id of a record this one refers to or holds (its owner, its lines), as the key of
    /// the loader that fetches it. `None` when the reference is empty.
    pub fn seen<T>(&self, pick: impl FnOnce(&M) -> Option<Uuid>) -> Option<Seen<T>> {
        pick(&self.0).map(|id| Seen { id, of: PhantomData })
    }

    /// This record's own id (`id` says where it is) as the key of the loaders of what hangs
    /// off it (a quote's lines).
    pub fn key(&self, id: impl FnOnce(&M) -> Uuid) -> Seen<M> {
        Seen { id: id(&self.0), of: PhantomData }
    }

    /// The row, for code that needs ownership (a write that starts from it).
    pub fn into_inner(self) -> M {
        self.0
    }

    /// A record the caller has just written under `right`: whoever may change a record may
    /// see it. Refused when the right was granted for another record (a bug in the caller).
    pub fn written(row: M, right: &impl WriteRight<M::Entity>) -> AppResult<Self>
    where
        M: ModelTrait,
        M::Entity: EntityTrait<Model = M>,
    {
        if right.covers(&row) {
            Ok(Self(row))
        } else {
            Err(AppError::Forbidden("see this record"))
        }
    }

    /// A record the caller has just created under `right`: its creator sees it in the
    /// answer, even when routing hands it to someone else's scope right after.
    pub fn created(row: M, _right: &impl CreateRight<M::Entity>) -> Self
    where
        M: ModelTrait,
    {
        Self(row)
    }
}

impl<M> Deref for Visible<M> {
    type Target = M;

    fn deref(&self) -> &M {
        &self.0
    }
}

/// The id of a `T` reached through a visible record: the key of loaders that need no scope
/// of their own because the record they hang off was read with one. Made only by
/// [`Visible::seen`].
#[derive(Debug)]
pub struct Seen<T> {
    id: Uuid,
    of: PhantomData<fn() -> T>,
}

impl<T> Seen<T> {
    pub fn id(&self) -> Uuid {
        self.id
    }
}

// Derives would require `T: Clone` etc.; the marker type is never stored.
impl<T> Clone for Seen<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Seen<T> {}
impl<T> PartialEq for Seen<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl<T> Eq for Seen<T> {}
impl<T> std::hash::Hash for Seen<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state)
    }
}

impl<T> Seen<T> {
    /// Rows loaded for `keys`, each under the key whose id `id` gives (a loader's answer).
    pub fn index<M>(keys: &[Seen<T>], rows: Vec<Visible<M>>, id: impl Fn(&M) -> Uuid) -> HashMap<Seen<T>, Visible<M>> {
        let by_id: HashMap<Uuid, Seen<T>> = keys.iter().map(|k| (k.id, *k)).collect();
        rows.into_iter().filter_map(|row| by_id.get(&id(&row)).map(|key| (*key, row))).collect()
    }

    /// Rows loaded for `keys`, grouped under the key whose id `parent` gives (a quote's lines),
    /// in the order read.
    pub fn group<M>(keys: &[Seen<T>], rows: Vec<Visible<M>>, parent: impl Fn(&M) -> Uuid) -> HashMap<Seen<T>, Vec<Visible<M>>> {
        let by_id: HashMap<Uuid, Seen<T>> = keys.iter().map(|k| (k.id, *k)).collect();
        let mut groups: HashMap<Seen<T>, Vec<Visible<M>>> = HashMap::with_capacity(keys.len());
        for row in rows {
            if let Some(key) = by_id.get(&parent(&row)) {
                groups.entry(*key).or_default().push(row);
            }
        }
        groups
    }
}

impl<T> Seen<T> {
    /// The caller's own user account: every person sees their own.
    pub fn own_account(principal: &Principal) -> Option<Self> {
        principal.user_id().map(|id| Self { id, of: PhantomData })
    }

    /// A partner user's own organisation.
    pub fn own_partner(principal: &Principal) -> Option<Self> {
        match principal {
            Principal::Partner { partner_id, .. } => Some(Self { id: *partner_id, of: PhantomData }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Line {
        quote: Uuid,
        n: u8,
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // rows as a repository would vouch for them
    fn loaded_rows_go_under_the_key_they_were_asked_for_in_read_order() {
        let (a, b, other) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let keys: Vec<Seen<()>> = vec![Seen { id: a, of: PhantomData }, Seen { id: b, of: PhantomData }];
        let rows = Visible::vouched_all(vec![
            Line { quote: b, n: 1 },
            Line { quote: a, n: 2 },
            Line { quote: b, n: 3 },
            Line { quote: other, n: 4 },
        ]);
        let groups = Seen::group(&keys, rows.clone(), |l| l.quote);
        let numbers = |k: &Seen<()>| groups.get(k).map(|g| g.iter().map(|l| l.n).collect::<Vec<_>>());
        assert_eq!(numbers(&keys[0]), Some(vec![2]));
        assert_eq!(numbers(&keys[1]), Some(vec![1, 3]));
        assert_eq!(groups.len(), 2, "a row of an id nobody asked for is dropped");
        let index = Seen::index(&keys[..1], rows, |l| l.quote);
        assert_eq!(index.len(), 1);
        assert_eq!(index.get(&keys[0]).map(|l| l.n), Some(2));
    }
}
