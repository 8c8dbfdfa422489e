//! The codes Document Server itself returns for token failures.

use crate::error::Error;

/// A Document Server service whose error codes a failure maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The command service, `POST /command`: 6 for an invalid token, 7 for an expired one.
    Command,
    /// The conversion service, `POST /converter`: -8 for any token failure.
    Conversion,
    /// The document builder, `POST /docbuilder`: -8 for any token failure.
    DocBuilder,
    /// The editor: WebSocket close codes 4004 (access denied), 4005 (expired), 4006 (invalid token).
    Editor,
}

impl Error {
    /// Returns the code Document Server returns when `service` meets this failure.
    #[must_use]
    pub fn ds_answer(&self, service: Service) -> i32 {
        let expired = matches!(self, Error::Expired { .. });
        let access = matches!(
            self,
            Error::ConfigInvalid { .. } | Error::TokenPurpose { .. } | Error::PayloadShape { .. }
        );
        match service {
            Service::Command if expired => 7,
            Service::Command => 6,
            Service::Conversion | Service::DocBuilder => -8,
            Service::Editor if expired => 4005,
            Service::Editor if access => 4004,
            Service::Editor => 4006,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_maps_per_service() {
        let err = Error::Expired { exp: 1.0, now: 2.0 };
        assert_eq!(err.ds_answer(Service::Command), 7);
        assert_eq!(err.ds_answer(Service::Conversion), -8);
        assert_eq!(err.ds_answer(Service::Editor), 4005);
    }

    #[test]
    fn invalid_signature_maps_per_service() {
        let err = Error::SignatureInvalid;
        assert_eq!(err.ds_answer(Service::Command), 6);
        assert_eq!(err.ds_answer(Service::DocBuilder), -8);
        assert_eq!(err.ds_answer(Service::Editor), 4006);
    }
}
