//! TLS client configurations, built lazily and shared.
//!
//! Loading the system trust store costs about 10 ms — ten times a whole loopback HTTP check — so
//! nothing here runs until the first TLS probe, and each distinct set of TLS options is built
//! once per run and shared by every probe that uses it.

#[cfg(feature = "tls")]
use std::collections::HashMap;
#[cfg(feature = "tls")]
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

#[cfg(feature = "tls")]
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
#[cfg(feature = "tls")]
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
#[cfg(feature = "tls")]
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
#[cfg(feature = "tls")]
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde::Serialize;

#[cfg(feature = "tls")]
use crate::suite::TlsOptions;

/// What a TLS handshake showed, for reports and the `cert_expiry` expectation.
#[derive(Clone, Debug, Serialize)]
pub struct TlsInfo {
    /// `TLS 1.3`, as blackbox_exporter labels it.
    pub version: String,
    pub cipher: String,
    /// Earliest `notAfter` among the certificates the peer presented, as Unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_not_after: Option<i64>,
    /// The server certificate's issuer and subject (`CN=…, O=…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Its subject alternative names (DNS names, IP addresses).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub san: Vec<String>,
}

impl TlsInfo {
    #[cfg(feature = "tls")]
    pub fn from_connection(conn: &rustls::ClientConnection) -> TlsInfo {
        let version = match conn.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3",
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2",
            _ => "unknown",
        };
        let cipher = conn
            .negotiated_cipher_suite()
            .map(|s| format!("{:?}", s.suite()))
            .unwrap_or_default();
        let cert_not_after = conn
            .peer_certificates()
            .and_then(|certs| {
                certs
                    .iter()
                    .map(|c| super::x509::not_after(c.as_ref()))
                    .collect::<Option<Vec<_>>>()
            })
            .and_then(|v| v.into_iter().min());
        let names = conn
            .peer_certificates()
            .and_then(|certs| certs.first())
            .and_then(|leaf| super::x509::names(leaf.as_ref()))
            .unwrap_or_default();
        let named = |s: String| (!s.is_empty()).then_some(s);
        TlsInfo {
            version: version.into(),
            cipher,
            cert_not_after,
            issuer: named(names.issuer),
            subject: named(names.subject),
            san: names.san,
        }
    }

    pub fn names(&self) -> crate::expect::CertNames<'_> {
        crate::expect::CertNames {
            issuer: self.issuer.as_deref(),
            subject: self.subject.as_deref(),
            san: &self.san,
        }
    }

    pub fn not_after(&self) -> Option<SystemTime> {
        let secs = self.cert_not_after?;
        let secs = u64::try_from(secs).ok()?;
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alpn {
    None,
    Http1,
    Http2,
    Both,
}

/// Without the `tls` feature (a compiled probe whose suite has no TLS target) there is nothing to
/// configure.
#[cfg(not(feature = "tls"))]
#[derive(Default)]
pub struct TlsConfigs {}

#[cfg(feature = "tls")]
#[derive(Default)]
pub struct TlsConfigs {
    configs: Mutex<HashMap<(TlsOptions, Alpn), Arc<ClientConfig>>>,
}

#[cfg(feature = "tls")]
fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

#[cfg(feature = "tls")]
/// The system trust store, loaded once, on first use.
fn system_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut store = RootCertStore::empty();
        let loaded = rustls_native_certs::load_native_certs();
        store.add_parsable_certificates(loaded.certs);
        store
    })
}

#[cfg(feature = "tls")]
impl TlsConfigs {
    pub fn get(&self, opts: &TlsOptions, alpn: Alpn) -> Result<Arc<ClientConfig>, String> {
        let key = (opts.clone(), alpn);
        if let Some(cfg) = self
            .configs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(cfg.clone());
        }
        let cfg = Arc::new(build(opts, alpn)?);
        self.configs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, cfg.clone());
        Ok(cfg)
    }
}

#[cfg(feature = "tls")]
fn build(opts: &TlsOptions, alpn: Alpn) -> Result<ClientConfig, String> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?;
    let with_verifier = if opts.insecure {
        let algorithms = provider().signature_verification_algorithms;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCert(algorithms)))
    } else {
        let mut roots = system_roots().clone();
        if roots.is_empty() && opts.ca_file.is_none() {
            return Err(
                "no trusted CA certificates were found on this system: install them \
                 (Debian: ca-certificates), point SSL_CERT_FILE at a bundle, or set ca_file"
                    .into(),
            );
        }
        if let Some(path) = &opts.ca_file {
            let pem = std::fs::read(path)
                .map_err(|e| format!("cannot read ca_file {}: {e}", path.display()))?;
            let mut added = 0;
            for cert in rustls::pki_types::pem::PemObject::pem_slice_iter(&pem) {
                let cert: CertificateDer<'static> =
                    cert.map_err(|e| format!("ca_file {}: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
                added += 1;
            }
            if added == 0 {
                return Err(format!(
                    "ca_file {} holds no PEM certificate",
                    path.display()
                ));
            }
        }
        builder.with_root_certificates(roots)
    };
    let mut config = match (&opts.client_cert, &opts.client_key) {
        (Some(cert), Some(key)) => {
            let (chain, key) = client_identity(cert, key)?;
            with_verifier
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("client_cert {}: {e}", cert.display()))?
        }
        _ => with_verifier.with_no_client_auth(),
    };
    config.alpn_protocols = match alpn {
        Alpn::None => Vec::new(),
        Alpn::Http1 => vec![b"http/1.1".to_vec()],
        Alpn::Http2 => vec![b"h2".to_vec()],
        Alpn::Both => vec![b"h2".to_vec(), b"http/1.1".to_vec()],
    };
    Ok(config)
}

/// The certificate chain and key of `client_cert`/`client_key`, read when the first probe
/// that uses them runs (the loader checked them already; a file changed since is an error of
/// the probe).
#[cfg(feature = "tls")]
fn client_identity(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<
    (
        Vec<CertificateDer<'static>>,
        rustls::pki_types::PrivateKeyDer<'static>,
    ),
    String,
> {
    use rustls::pki_types::pem::PemObject;
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("client_cert {}: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "client_cert {} holds no PEM certificate",
            cert.display()
        ));
    }
    // The key's bytes never reach a message: only its path does.
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key)
        .map_err(|e| format!("client_key {}: {e}", key.display()))?;
    Ok((chain, key))
}

#[cfg(feature = "tls")]
pub fn server_name(host: &str, opts: &TlsOptions) -> Result<ServerName<'static>, String> {
    let name = opts.server_name.as_deref().unwrap_or(host);
    ServerName::try_from(name.to_string())
        .map_err(|_| format!("`{name}` is not a valid TLS server name"))
}

#[cfg(feature = "tls")]
/// `insecure: true`: the handshake still checks signatures, but any certificate is accepted.
#[derive(Debug)]
struct AcceptAnyCert(WebPkiSupportedAlgorithms);

#[cfg(feature = "tls")]
impl ServerCertVerifier for AcceptAnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

#[cfg(feature = "tls")]
/// A TLS failure in words an operator acts on.
pub fn describe_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    let inner = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match inner {
        Some(rustls::Error::InvalidCertificate(cert)) => {
            format!("TLS certificate rejected: {}", describe_cert_error(cert))
        }
        Some(rustls::Error::AlertReceived(alert)) => describe_alert(*alert),
        Some(other) => format!("TLS handshake failed: {other}"),
        None => format!("TLS handshake failed: {text}"),
    }
}

/// An alert from the server, in words an operator acts on.
#[cfg(feature = "tls")]
pub fn describe_alert(alert: rustls::AlertDescription) -> String {
    refusal(&format!("{alert:?}"))
}

/// The server's refusal, by the alert's name (`CertificateRequired`).
#[cfg(feature = "tls")]
pub fn refusal(alert: &str) -> String {
    let hint = match alert {
        "CertificateRequired"
        | "BadCertificate"
        | "UnknownCA"
        | "CertificateUnknown"
        | "HandshakeFailure" => {
            ": it may require a client certificate it trusts (client_cert, client_key)"
        }
        _ => "",
    };
    format!("the server refused the TLS connection ({alert}){hint}")
}

#[cfg(feature = "tls")]
fn describe_cert_error(e: &rustls::CertificateError) -> String {
    use rustls::CertificateError as C;
    match e {
        C::Expired | C::ExpiredContext { .. } => "the certificate has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => "the certificate is not valid yet".into(),
        C::UnknownIssuer => "issued by an unknown authority (self-signed or missing CA; set ca_file, or insecure: true)".into(),
        C::NotValidForName | C::NotValidForNameContext { .. } => "the certificate does not match the host name".into(),
        C::Revoked => "the certificate is revoked".into(),
        #[allow(deprecated)]
        C::UnsupportedSignatureAlgorithm
        | C::UnsupportedSignatureAlgorithmContext { .. }
        | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "the certificate is signed with an algorithm too weak to trust (such as SHA-1)".into()
        }
        C::BadSignature => "the certificate's signature is invalid".into(),
        other => format!("the certificate is not acceptable: {other:?}"),
    }
}
