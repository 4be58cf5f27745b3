//! `arbitrary::Arbitrary` for the component types whose codecs are hand-written or that have
//! a side condition (the derived ones get theirs from `#[derive(Wasmbin)]`). Generated values
//! are ones the binary format can express.

use super::aliases::{Alias, AliasTarget};
use super::imports::{NameAttribute, NameWithAttributes};
use super::instances::{CoreInlineExport, CoreSort, CoreSortIdx, Sort, SortIdx};
use super::types::{CoreExportDecl, CoreImportDecl, Nested};
use super::{Component, ComponentSection};
use arbitrary::{Arbitrary, Error, Result, Unstructured};

/// Keeps `value` if it meets its side condition, or rejects the input.
fn checked<T>(value: T, check: impl FnOnce(&T) -> std::result::Result<(), String>) -> Result<T> {
    check(&value)
        .map(|()| value)
        .map_err(|_| Error::IncorrectFormat)
}

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Nested<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        // Bounded like the decoder's nesting: a few levels at most.
        if u.is_empty() {
            return Ok(Nested(Vec::new()));
        }
        Ok(Nested(u.arbitrary()?))
    }
}

impl<'a> Arbitrary<'a> for Alias {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let target: AliasTarget = u.arbitrary()?;
        let sort = match &target {
            AliasTarget::CoreExport { .. } => Sort::Core(*u.choose(&[
                CoreSort::Func,
                CoreSort::Table,
                CoreSort::Memory,
                CoreSort::Global,
                CoreSort::Tag,
            ])?),
            AliasTarget::Outer { .. } => *u.choose(&[
                Sort::Core(CoreSort::Type),
                Sort::Core(CoreSort::Module),
                Sort::Type,
                Sort::Component,
            ])?,
            _ => u.arbitrary()?,
        };
        checked(Alias { sort, target }, Alias::check)
    }
}

impl<'a> Arbitrary<'a> for CoreInlineExport {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let item = CoreSortIdx {
            sort: *u.choose(&[
                CoreSort::Func,
                CoreSort::Table,
                CoreSort::Memory,
                CoreSort::Global,
                CoreSort::Tag,
                CoreSort::FuncExact,
            ])?,
            idx: u.arbitrary()?,
        };
        checked(
            CoreInlineExport {
                name: u.arbitrary()?,
                item,
            },
            CoreInlineExport::check,
        )
    }
}

impl<'a> Arbitrary<'a> for SortIdx {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let sort = match u.arbitrary()? {
            Sort::Core(_) => Sort::Core(CoreSort::Module),
            sort => sort,
        };
        checked(
            SortIdx {
                sort,
                idx: u.arbitrary()?,
            },
            SortIdx::check,
        )
    }
}

impl<'a> Arbitrary<'a> for CoreImportDecl {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        checked(
            CoreImportDecl {
                import: u.arbitrary()?,
            },
            CoreImportDecl::check,
        )
    }
}

impl<'a> Arbitrary<'a> for CoreExportDecl {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        checked(
            CoreExportDecl {
                name: u.arbitrary()?,
                desc: u.arbitrary()?,
            },
            CoreExportDecl::check,
        )
    }
}

impl<'a> Arbitrary<'a> for NameWithAttributes {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut attributes: Vec<NameAttribute> = u.arbitrary()?;
        attributes.sort_by_key(|a| a.kind());
        attributes.dedup_by_key(|a| a.kind());
        checked(
            NameWithAttributes {
                name: u.arbitrary()?,
                attributes,
            },
            NameWithAttributes::check,
        )
    }
}

impl<'a> Arbitrary<'a> for Component {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut sections: Vec<ComponentSection> = Vec::new();
        let mut start = false;
        for _ in 0..u.arbitrary_len::<u8>()?.min(16) {
            let section: ComponentSection = u.arbitrary()?;
            // At most one start section.
            if matches!(section, ComponentSection::Start(_)) && std::mem::replace(&mut start, true)
            {
                continue;
            }
            sections.push(section);
        }
        Ok(Component::new(sections))
    }
}
