//! HMAC (RFC 2104) with SHA-256, SHA-384 and SHA-512, built on the SHA-2 compression
//! functions of the `sha2` crate.
//!
//! A [`KeyState`] contains the hash states after the inner and outer key pads, so that a tag
//! costs the message blocks plus two finishing blocks. Those states are as sensitive as the
//! secret: anyone who has them can compute tags. They are zeroized on drop, and the state
//! copies and block buffers of a tag computation are overwritten with zeros.
//!
//! NOTE: this is best effort. The working variables and message schedule inside `sha2`'s
//! block functions (stack or SIMD registers) are not wiped, and neither are the stack copies
//! the compiler makes when a value moves, because no safe Rust code can reach them.

use sha2::block_api::{compress256, compress512};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Byte of the inner key pad.
const IPAD: u8 = 0x36;
/// Byte of the outer key pad.
const OPAD: u8 = 0x5c;

/// One SHA-2 function: its block size, initial state, compression and output.
pub(crate) trait Sha2 {
    /// The chaining state: eight 32-bit or 64-bit words.
    type State: Copy + Zeroize;
    /// Block size in bytes: 64 or 128.
    const BLOCK: usize;
    /// Size in bytes of the message length field of the last block: 8 or 16.
    const LENGTH_FIELD: usize;
    /// Digest size in bytes.
    const OUTPUT: usize;
    /// The initial hash value of FIPS 180-4, section 5.3.
    const INITIAL: Self::State;

    /// Compresses `blocks`, whose length is a multiple of [`Sha2::BLOCK`], into `state`.
    fn compress(state: &mut Self::State, blocks: &[u8]);

    /// Writes the first [`Sha2::OUTPUT`] bytes of `state`, big-endian, into `out`.
    fn output(state: &Self::State, out: &mut [u8]);
}

/// SHA-256 (FIPS 180-4, section 6.2).
pub(crate) struct Sha256;
/// SHA-384 (FIPS 180-4, section 6.5): SHA-512 with another initial state, cut to 48 bytes.
pub(crate) struct Sha384;
/// SHA-512 (FIPS 180-4, section 6.4).
pub(crate) struct Sha512;

impl Sha2 for Sha256 {
    type State = [u32; 8];
    const BLOCK: usize = 64;
    const LENGTH_FIELD: usize = 8;
    const OUTPUT: usize = 32;
    const INITIAL: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];

    fn compress(state: &mut [u32; 8], blocks: &[u8]) {
        let (blocks, rest) = blocks.as_chunks::<64>();
        debug_assert!(rest.is_empty(), "a partial block reached the compression");
        compress256(state, blocks);
    }

    fn output(state: &[u32; 8], out: &mut [u8]) {
        for (word, bytes) in state.iter().zip(out.chunks_exact_mut(4)) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
    }
}

/// Compresses SHA-384 and SHA-512 blocks.
fn compress_512(state: &mut [u64; 8], blocks: &[u8]) {
    let (blocks, rest) = blocks.as_chunks::<128>();
    debug_assert!(rest.is_empty(), "a partial block reached the compression");
    compress512(state, blocks);
}

/// Writes the first `out.len() / 8` words of a SHA-384 or SHA-512 state, big-endian.
fn output_512(state: &[u64; 8], out: &mut [u8]) {
    for (word, bytes) in state.iter().zip(out.chunks_exact_mut(8)) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
}

impl Sha2 for Sha384 {
    type State = [u64; 8];
    const BLOCK: usize = 128;
    const LENGTH_FIELD: usize = 16;
    const OUTPUT: usize = 48;
    const INITIAL: [u64; 8] = [
        0xcbbb_9d5d_c105_9ed8,
        0x629a_292a_367c_d507,
        0x9159_015a_3070_dd17,
        0x152f_ecd8_f70e_5939,
        0x6733_2667_ffc0_0b31,
        0x8eb4_4a87_6858_1511,
        0xdb0c_2e0d_64f9_8fa7,
        0x47b5_481d_befa_4fa4,
    ];

    fn compress(state: &mut [u64; 8], blocks: &[u8]) {
        compress_512(state, blocks);
    }

    fn output(state: &[u64; 8], out: &mut [u8]) {
        output_512(state, &mut out[..Self::OUTPUT]);
    }
}

impl Sha2 for Sha512 {
    type State = [u64; 8];
    const BLOCK: usize = 128;
    const LENGTH_FIELD: usize = 16;
    const OUTPUT: usize = 64;
    const INITIAL: [u64; 8] = [
        0x6a09_e667_f3bc_c908,
        0xbb67_ae85_84ca_a73b,
        0x3c6e_f372_fe94_f82b,
        0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1,
        0x9b05_688c_2b3e_6c1f,
        0x1f83_d9ab_fb41_bd6b,
        0x5be0_cd19_137e_2179,
    ];

    fn compress(state: &mut [u64; 8], blocks: &[u8]) {
        compress_512(state, blocks);
    }

    fn output(state: &[u64; 8], out: &mut [u8]) {
        output_512(state, &mut out[..Self::OUTPUT]);
    }
}

/// The largest block, of SHA-384 and SHA-512.
const MAX_BLOCK: usize = 128;
/// The largest digest, of SHA-512.
pub(crate) const MAX_OUTPUT: usize = 64;

/// Hashes `message` into `state`, which has already absorbed `absorbed` bytes (a whole
/// number of blocks), and writes the digest into `out`. The stack buffer of the last blocks is
/// overwritten with zeros before returning, and `state` holds the final chaining value.
fn finish<H: Sha2>(state: &mut H::State, absorbed: usize, message: &[u8], out: &mut [u8]) {
    let whole = message.len() - message.len() % H::BLOCK;
    let (blocks, tail) = message.split_at(whole);
    if !blocks.is_empty() {
        H::compress(state, blocks);
    }
    // The tail, the 0x80 marker and the length field fit in one block, or else in two.
    let mut last = [0u8; 2 * MAX_BLOCK];
    last[..tail.len()].copy_from_slice(tail);
    last[tail.len()] = 0x80;
    let used = if tail.len() < H::BLOCK - H::LENGTH_FIELD {
        H::BLOCK
    } else {
        2 * H::BLOCK
    };
    // The message length in bits, as a big-endian integer of LENGTH_FIELD bytes. Lengths
    // are bounded by memory, so the top eight bytes of a 16-byte field stay zero.
    let bits = ((absorbed + message.len()) as u64) << 3;
    last[used - 8..used].copy_from_slice(&bits.to_be_bytes());
    H::compress(state, &last[..used]);
    wipe(&mut last[..used]);
    H::output(state, out);
}

/// Overwrites a per-call buffer with zeros. `zeroize` writes byte by byte through volatile
/// stores, and for these buffers that cost more than hashing a short token. A plain fill,
/// which `black_box` keeps from being removed as a dead store, is used for values that live
/// for one call, and `zeroize` for key material that lives longer.
pub(crate) fn wipe(buffer: &mut [u8]) {
    buffer.fill(0);
    std::hint::black_box(buffer);
}

/// Returns the digest of `message`.
fn digest<H: Sha2>(message: &[u8]) -> [u8; MAX_OUTPUT] {
    let mut state = H::INITIAL;
    let mut out = [0u8; MAX_OUTPUT];
    finish::<H>(&mut state, 0, message, &mut out);
    state.zeroize();
    out
}

/// The hash states of an HMAC key after its inner and outer pads; zeroized on drop.
pub(crate) struct KeyState<H: Sha2> {
    inner: H::State,
    outer: H::State,
}

impl<H: Sha2> KeyState<H> {
    /// Derives the states of `secret` (RFC 2104, section 2): a secret longer than a block is
    /// hashed first, then it is padded with zeros to a block and combined with each pad.
    pub(crate) fn new(secret: &[u8]) -> Self {
        let mut block = [0u8; MAX_BLOCK];
        if secret.len() > H::BLOCK {
            let mut hashed = digest::<H>(secret);
            block[..H::OUTPUT].copy_from_slice(&hashed[..H::OUTPUT]);
            hashed.zeroize();
        } else {
            block[..secret.len()].copy_from_slice(secret);
        }
        let block = &mut block[..H::BLOCK];
        let mut inner = H::INITIAL;
        let mut outer = H::INITIAL;
        for byte in block.iter_mut() {
            *byte ^= IPAD;
        }
        H::compress(&mut inner, block);
        for byte in block.iter_mut() {
            *byte ^= IPAD ^ OPAD;
        }
        H::compress(&mut outer, block);
        block.zeroize();
        Self { inner, outer }
    }

    /// Writes the tag of `message`, [`Sha2::OUTPUT`] bytes, into the start of `out`.
    pub(crate) fn tag(&self, message: &[u8], out: &mut [u8; MAX_OUTPUT]) {
        let mut state = self.inner;
        let mut inner_digest = [0u8; MAX_OUTPUT];
        finish::<H>(&mut state, H::BLOCK, message, &mut inner_digest);
        state = self.outer;
        finish::<H>(&mut state, H::BLOCK, &inner_digest[..H::OUTPUT], out);
        state.zeroize();
        wipe(&mut inner_digest);
    }
}

impl<H: Sha2> Drop for KeyState<H> {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl<H: Sha2> ZeroizeOnDrop for KeyState<H> {}

#[cfg(test)]
mod tests {
    use super::{KeyState, Sha2, Sha256, Sha384, Sha512, MAX_OUTPUT};

    fn hex(bytes: &[u8]) -> String {
        use std::fmt::Write as _;
        bytes.iter().fold(String::new(), |mut text, byte| {
            let _ = write!(text, "{byte:02x}");
            text
        })
    }

    fn tag<H: Sha2>(key: &[u8], message: &[u8]) -> String {
        let mut out = [0u8; MAX_OUTPUT];
        KeyState::<H>::new(key).tag(message, &mut out);
        hex(&out[..H::OUTPUT])
    }

    /// RFC 4231, test cases 1, 2, 6 and 7: a 20-byte key, a short key, and 131-byte keys,
    /// which are hashed before use.
    #[test]
    fn rfc_4231_test_cases() {
        let cases: [(&[u8], &[u8], [&str; 3]); 4] = [
            (
                &[0x0b; 20],
                b"Hi There",
                [
                    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
                    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
                ],
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                [
                    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
                ],
            ),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                [
                    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
                    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
                ],
            ),
            (
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
                [
                    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
                    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
                ],
            ),
        ];
        for (key, message, [hs256, hs384, hs512]) in cases {
            assert_eq!(tag::<Sha256>(key, message), hs256);
            assert_eq!(tag::<Sha384>(key, message), hs384);
            assert_eq!(tag::<Sha512>(key, message), hs512);
        }
    }

    /// Every message length around the block and length-field boundaries, and keys around the
    /// block size, against the `hmac` crate.
    #[test]
    fn matches_the_hmac_crate_at_every_boundary() {
        use hmac::{Hmac, Mac};
        fn reference<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> String {
            let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap();
            mac.update(message);
            hex(&mac.finalize().into_bytes())
        }
        let message: Vec<u8> = (0..=300u16).map(|i| (i * 7 + 3) as u8).collect();
        for key_len in [1, 31, 32, 63, 64, 65, 127, 128, 129, 200] {
            let key: Vec<u8> = (0..key_len)
                .map(|i: u8| i.wrapping_mul(13).wrapping_add(1))
                .collect();
            for len in 0..=message.len() {
                let part = &message[..len];
                assert_eq!(
                    tag::<Sha256>(&key, part),
                    reference::<Hmac<sha2_reference::Sha256>>(&key, part),
                    "HS256, key {key_len} bytes, message {len} bytes"
                );
                assert_eq!(
                    tag::<Sha384>(&key, part),
                    reference::<Hmac<sha2_reference::Sha384>>(&key, part),
                    "HS384, key {key_len} bytes, message {len} bytes"
                );
                assert_eq!(
                    tag::<Sha512>(&key, part),
                    reference::<Hmac<sha2_reference::Sha512>>(&key, part),
                    "HS512, key {key_len} bytes, message {len} bytes"
                );
            }
        }
    }
}
