//! Inputs the fuzz targets (`fuzz/`) found problems with, kept as regression tests.

use wasmbin::indices::{DataIdx, TypeIdx};
use wasmbin::instructions::{Expression, Instruction};
use wasmbin::sections::Func;
use wasmbin::{Blob, Module, Section};

/// roundtrip_ast: a body using `data.drop` without a data count section encoded fine but
/// could not be decoded back (the format calls it malformed). Encoding must refuse it.
#[test]
fn data_index_without_data_count_is_not_encoded() {
    let body = Func {
        locals: vec![],
        expr: Expression::new(vec![
            Instruction::I16x8ExtaddPairwiseI8x16U,
            Instruction::DataDrop(DataIdx(0)),
        ]),
    };
    let mut module = Module {
        sections: vec![
            Section::Function(Blob::new(vec![TypeIdx(0)])),
            Section::Code(Blob::new(vec![Blob::new(body)])),
        ],
    };
    let err = module.encode_into(Vec::new()).unwrap_err();
    assert_eq!(err.io_kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("data count"), "{err}");

    // With a data count section (and as many data segments) it is fine.
    module.sections.insert(1, Section::DataCount(Blob::new(1)));
    module.sections.push(Section::Data(Blob::new(vec![
        wasmbin::sections::Data::Passive {
            init: Default::default(),
        },
    ])));
    let bytes = module.encode_into(Vec::new()).unwrap();
    let decoded = Module::decode_from(&bytes[..]).unwrap();
    decoded.decode_all().unwrap();
    assert!(decoded == module);
}
