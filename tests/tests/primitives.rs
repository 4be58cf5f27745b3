//! Codecs of the primitive types: LEB128 edge cases from the spec's rules, floats, names.

use wasmbin::indices::TypeIdx;
use wasmbin::io::{decode_exact, encode_to_vec, Reader, F32, F64, S33};
use wasmbin::DecodeWithDiscriminant;
use wasmbin::{DecodeError, ErrorKind};

fn kind<T: std::fmt::Debug>(result: Result<T, DecodeError>) -> ErrorKind {
    result.expect_err("expected an error").kind().clone()
}

#[test]
fn unsigned_32_accepts_canonical_and_padded_forms() {
    assert_eq!(decode_exact::<u32>(&[0x00]).unwrap(), 0);
    assert_eq!(decode_exact::<u32>(&[0x7F]).unwrap(), 127);
    assert_eq!(decode_exact::<u32>(&[0x80, 0x01]).unwrap(), 128);
    assert_eq!(decode_exact::<u32>(&[0xE5, 0x8E, 0x26]).unwrap(), 624_485);
    // Over-long but valid: padding with 0x80 .. 0x00.
    assert_eq!(
        decode_exact::<u32>(&[0x80, 0x80, 0x80, 0x80, 0x00]).unwrap(),
        0
    );
    assert_eq!(decode_exact::<u32>(&[0x83, 0x80, 0x00]).unwrap(), 3);
    assert_eq!(
        decode_exact::<u32>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).unwrap(),
        u32::MAX
    );
}

#[test]
fn unsigned_32_rejects_too_long_and_too_large() {
    // Six bytes: more than ceil(32 / 7) = 5.
    assert_eq!(
        kind(decode_exact::<u32>(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
        ErrorKind::LebTooLong
    );
    // Unused bits of the fifth byte set.
    assert_eq!(
        kind(decode_exact::<u32>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x1F])),
        ErrorKind::LebTooLarge
    );
    assert_eq!(
        kind(decode_exact::<u32>(&[0x80, 0x80, 0x80, 0x80, 0x70])),
        ErrorKind::LebTooLarge
    );
    assert_eq!(kind(decode_exact::<u32>(&[0x80])), ErrorKind::UnexpectedEof);
    assert_eq!(kind(decode_exact::<u32>(&[])), ErrorKind::UnexpectedEof);
}

#[test]
fn unsigned_64_limits() {
    let max = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
    assert_eq!(decode_exact::<u64>(&max).unwrap(), u64::MAX);
    let mut too_large = max;
    too_large[9] = 0x02;
    assert_eq!(
        kind(decode_exact::<u64>(&too_large)),
        ErrorKind::LebTooLarge
    );
    let too_long = [
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
    ];
    assert_eq!(kind(decode_exact::<u64>(&too_long)), ErrorKind::LebTooLong);
}

#[test]
fn signed_32_sign_extension_rules() {
    assert_eq!(decode_exact::<i32>(&[0x7F]).unwrap(), -1);
    assert_eq!(decode_exact::<i32>(&[0x40]).unwrap(), -64);
    assert_eq!(decode_exact::<i32>(&[0xC0, 0x00]).unwrap(), 64);
    assert_eq!(decode_exact::<i32>(&[0xFF, 0x7F]).unwrap(), -1);
    assert_eq!(
        decode_exact::<i32>(&[0x80, 0x80, 0x80, 0x80, 0x78]).unwrap(),
        i32::MIN
    );
    assert_eq!(
        decode_exact::<i32>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x07]).unwrap(),
        i32::MAX
    );
    // Over-long negative padding is fine.
    assert_eq!(
        decode_exact::<i32>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x7F]).unwrap(),
        -1
    );
    // The last byte's unused bits must repeat the sign bit.
    assert_eq!(
        kind(decode_exact::<i32>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x4F])),
        ErrorKind::LebTooLarge
    );
    assert_eq!(
        kind(decode_exact::<i32>(&[0x80, 0x80, 0x80, 0x80, 0x08])),
        ErrorKind::LebTooLarge
    );
    assert_eq!(
        kind(decode_exact::<i32>(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
        ErrorKind::LebTooLong
    );
}

#[test]
fn signed_64_and_33_limits() {
    let min = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F];
    assert_eq!(decode_exact::<i64>(&min).unwrap(), i64::MIN);
    let bad = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    assert_eq!(kind(decode_exact::<i64>(&bad)), ErrorKind::LebTooLarge);
    // s33: the largest type index and the 5-byte sign rule (5 value bits in byte 5).
    assert_eq!(
        decode_exact::<S33>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).unwrap(),
        S33(TypeIdx(u32::MAX))
    );
    assert_eq!(
        kind(decode_exact::<S33>(&[0xFF, 0xFF, 0xFF, 0xFF, 0x1F])),
        ErrorKind::LebTooLarge
    );
    // Well-formed s33 values, but negative: not a type index.
    for bytes in [&[0x80, 0x80, 0x80, 0x80, 0x70][..], &[0x7F], &[0xC0, 0x7F]] {
        assert_eq!(
            kind(decode_exact::<S33>(bytes)),
            ErrorKind::Malformed(format!(
                "type index {} out of range",
                decode_exact::<i64>(bytes).unwrap()
            ))
        );
    }
}

#[test]
fn s33_type_index_round_trips_and_leaves_type_constructors_alone() {
    for index in [0, 1, 63, 64, 127, 128, 1 << 20, u32::MAX] {
        let bytes = encode_to_vec(&S33(TypeIdx(index))).unwrap();
        // The same bytes as the signed LEB128 of the index.
        assert_eq!(bytes, encode_to_vec(&i64::from(index)).unwrap());
        assert_eq!(decode_exact::<S33>(&bytes).unwrap(), S33(TypeIdx(index)));
    }
    // A one-byte negative value (a type constructor such as `i32` = 0x7F or the empty block
    // type 0x40) is refused without consuming anything, for the next variant to claim.
    for first in 0x40..=0x7F {
        let mut reader = Reader::new(&[]);
        assert_eq!(
            <S33>::maybe_decode_with_discriminant(first, &mut reader).unwrap(),
            None
        );
    }
}

#[test]
fn leb_encoding_round_trips_at_the_boundaries() {
    for value in [
        0u32,
        1,
        63,
        64,
        127,
        128,
        16_383,
        16_384,
        u32::MAX - 1,
        u32::MAX,
    ] {
        let bytes = encode_to_vec(&value).unwrap();
        assert_eq!(decode_exact::<u32>(&bytes).unwrap(), value);
    }
    for value in [
        0i64,
        -1,
        63,
        64,
        -64,
        -65,
        i32::MIN as i64,
        i64::MIN,
        i64::MAX,
    ] {
        let bytes = encode_to_vec(&value).unwrap();
        assert_eq!(decode_exact::<i64>(&bytes).unwrap(), value);
    }
    assert_eq!(encode_to_vec(&-64i32).unwrap(), [0x40]);
    assert_eq!(encode_to_vec(&64i32).unwrap(), [0xC0, 0x00]);
    assert_eq!(encode_to_vec(&624_485u32).unwrap(), [0xE5, 0x8E, 0x26]);
}

/// Values of every LEB128 length and sign, next to each power of two.
fn leb_sample() -> impl Iterator<Item = u64> {
    (0..64).flat_map(|bit| {
        let p = 1u64 << bit;
        [p - 1, p, p + 1, !p, !(p - 1)]
    })
}

#[test]
fn leb_encoding_matches_wasm_encoder() {
    use wasm_encoder::Encode as _;
    let oracle = |value: &dyn Fn(&mut Vec<u8>)| {
        let mut out = Vec::new();
        value(&mut out);
        out
    };
    for value in leb_sample() {
        let v32 = value as u32;
        assert_eq!(
            encode_to_vec(&v32).unwrap(),
            oracle(&|o| v32.encode(o)),
            "{v32}"
        );
        assert_eq!(
            encode_to_vec(&value).unwrap(),
            oracle(&|o| value.encode(o)),
            "{value}"
        );
        let s64 = value as i64;
        assert_eq!(
            encode_to_vec(&s64).unwrap(),
            oracle(&|o| s64.encode(o)),
            "{s64}"
        );
        let s32 = value as i32;
        assert_eq!(
            encode_to_vec(&s32).unwrap(),
            oracle(&|o| s32.encode(o)),
            "{s32}"
        );
        assert_eq!(
            decode_exact::<i64>(&encode_to_vec(&s64).unwrap()).unwrap(),
            s64
        );
        assert_eq!(
            decode_exact::<u64>(&encode_to_vec(&value).unwrap()).unwrap(),
            value
        );
    }
}

#[test]
fn floats_keep_nan_payloads() {
    let bits = 0x7FA0_0001u32; // a signalling NaN with a payload
    let bytes = bits.to_le_bytes();
    let value = decode_exact::<F32>(&bytes).unwrap();
    assert_eq!(value.to_bits(), bits);
    assert_eq!(value, value, "bitwise equality: a NaN equals itself");
    assert_eq!(encode_to_vec(&value).unwrap(), bytes);
    let bits = 0xFFF8_0000_0000_1234u64;
    let value = decode_exact::<F64>(&bits.to_le_bytes()).unwrap();
    assert_eq!(encode_to_vec(&value).unwrap(), bits.to_le_bytes());
    assert_ne!(F64(0.0), F64(-0.0), "+0 and -0 differ bitwise");
}

#[test]
fn names_must_be_utf8() {
    assert_eq!(decode_exact::<String>(b"\x03abc").unwrap(), "abc");
    let err = decode_exact::<String>(b"\x03a\xffc").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidUtf8);
    assert_eq!(err.offset(), 2, "offset of the first invalid byte");
    assert!(matches!(
        kind(decode_exact::<String>(b"\x05abc")),
        ErrorKind::LengthOutOfBounds {
            needed: 5,
            available: 3
        }
    ));
}

#[test]
fn vectors_arrays_and_bools() {
    assert_eq!(
        decode_exact::<Vec<u32>>(&[0x02, 0x01, 0x80, 0x01]).unwrap(),
        [1, 128]
    );
    assert_eq!(
        decode_exact::<Vec<u8>>(&[0x02, 0xAA, 0xBB]).unwrap(),
        [0xAA, 0xBB]
    );
    assert_eq!(decode_exact::<[u8; 3]>(&[1, 2, 3]).unwrap(), [1, 2, 3]);
    assert_eq!(
        decode_exact::<[u32; 2]>(&[0x05, 0x80, 0x01]).unwrap(),
        [5, 128]
    );
    assert!(decode_exact::<[u8; 3]>(&[1, 2]).is_err());
    assert!(decode_exact::<bool>(&[2]).is_err());
    assert_eq!(encode_to_vec(&vec![true, false]).unwrap(), [2, 1, 0]);
    assert_eq!(
        kind(decode_exact::<u32>(&[0x01, 0x02])),
        ErrorKind::TrailingBytes(1)
    );
}

#[test]
fn huge_counts_fail_without_allocating_for_them() {
    // 2^32 - 1 items announced in a 6-byte input: must fail, not reserve 4 G items (which
    // would abort the test process).
    let input = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01];
    assert!(decode_exact::<Vec<u64>>(&input).is_err());
    assert!(decode_exact::<Vec<String>>(&input).is_err());
    assert!(decode_exact::<Vec<u8>>(&input).is_err());
}
