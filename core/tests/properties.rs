//! Property tests: round trips, and every single change to a token is rejected.

use onlyoffice_jwt::json::{self, Number, Object, Value};
use onlyoffice_jwt::{jws, Algorithm, Key, KeySet, Secret, Validation};
use proptest::prelude::*;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "-?[1-9][0-9]{0,40}".prop_map(|text| Value::Number(Number::from_text(&text).unwrap())),
        any::<f64>()
            .prop_filter("finite", |value| value.is_finite())
            .prop_map(|value| Value::Number(Number::from_f64(value).unwrap())),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn claims() -> impl Strategy<Value = Object> {
    prop::collection::btree_map("[a-z]{1,8}", json_value(), 0..8).prop_map(|members| {
        members
            .into_iter()
            .filter(|(name, _)| !matches!(name.as_str(), "exp" | "nbf" | "iat"))
            .collect()
    })
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop::sample::select(Algorithm::ALL.to_vec())
}

proptest! {
    #[test]
    fn sign_then_verify_returns_claims(claims in claims(), secret in prop::collection::vec(any::<u8>(), 1..80), alg in algorithm()) {
        let key = Key::new(Secret::from_bytes(&secret).unwrap());
        let token = jws::sign(&key, alg, &claims);
        let keys: KeySet = Key::new(Secret::from_bytes(&secret).unwrap()).into();
        let verified = jws::verify(&token, &keys, &Validation::new(&Algorithm::ALL)).unwrap();
        prop_assert_eq!(&verified.claims, &claims);
        prop_assert_eq!(verified.payload, claims.to_json().into_bytes());
    }

    #[test]
    fn json_round_trips(value in json_value()) {
        let text = value.to_json();
        prop_assert_eq!(json::parse(text.as_bytes()).unwrap(), value);
    }

    #[test]
    fn any_single_change_rejected(claims in claims(), position in any::<prop::sample::Index>(), replacement in any::<char>()) {
        let key = Key::new(Secret::from_text("secret").unwrap());
        let token = jws::sign(&key, Algorithm::HS256, &claims);
        let index = position.index(token.len());
        let original = token.as_bytes()[index] as char;
        prop_assume!(original != replacement);
        let mut changed = String::with_capacity(token.len() + 4);
        changed.push_str(&token[..index]);
        changed.push(replacement);
        changed.push_str(&token[index + 1..]);
        let keys: KeySet = key.into();
        prop_assert!(jws::verify(&changed, &keys, &Validation::default()).is_err(), "accepted {changed}");
    }

    #[test]
    fn arbitrary_input_never_panics(input in any::<String>()) {
        let keys: KeySet = Key::new(Secret::from_text("secret").unwrap()).into();
        let _ = jws::verify(&input, &keys, &Validation::default());
        let _ = json::parse(input.as_bytes());
    }
}
