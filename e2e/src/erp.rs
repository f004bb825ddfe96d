//! A stand-in ERP: a small HTTP server on loopback that receives the CRM's order webhooks,
//! checks their HMAC signature, keeps every request, and answers as told (accept, fail with
//! a status, or hang up). Tests start it, stop it ("the ERP is down") and start it again on
//! the same port.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One webhook as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
    /// Whether `x-crm-signature` matched the body and timestamp under the shared secret.
    pub signature_ok: bool,
    /// The status answered.
    pub answered: u16,
}

impl Received {
    pub fn idempotency_key(&self) -> &str {
        self.headers.get("idempotency-key").map_or("", String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
    /// Statuses to answer, in turn; 200 once they are used up. `0` never answers (the ERP
    /// hangs mid-request).
    script: Vec<u16>,
}

/// The stand-in ERP.
pub struct Receiver {
    pub port: u16,
    secret: String,
    shared: Arc<Mutex<Shared>>,
    task: Option<JoinHandle<()>>,
}

impl Receiver {
    /// A receiver on a free port, not yet listening (the ERP starts down).
    pub fn new(secret: &str) -> anyhow::Result<Self> {
        Ok(Self { port: crate::free_port()?, secret: secret.to_owned(), shared: Arc::default(), task: None })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/orders", self.port)
    }

    /// Answers the next requests with these statuses (then 200).
    pub fn script(&self, statuses: &[u16]) {
        if let Ok(mut shared) = self.shared.lock() {
            shared.script = statuses.to_vec();
        }
    }

    /// Starts listening (the ERP comes up).
    pub async fn start(&mut self) -> anyhow::Result<()> {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let (shared, secret) = (self.shared.clone(), self.secret.clone());
        self.task = Some(tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (shared, secret) = (shared.clone(), secret.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &shared, &secret).await;
                });
            }
        }));
        Ok(())
    }

    /// Stops listening (the ERP goes down).
    pub fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().map(|s| s.received.clone()).unwrap_or_default()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn serve(mut stream: TcpStream, shared: &Mutex<Shared>, secret: &str) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        anyhow::ensure!(n > 0, "connection closed");
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..header_end + length]).to_string();
    let signature_ok = match (headers.get("x-crm-timestamp"), headers.get("x-crm-signature")) {
        (Some(ts), Some(sig)) => *sig == signature(secret, ts, &body),
        _ => false,
    };
    let answered = {
        let mut shared = shared.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        let status = if shared.script.is_empty() { 200 } else { shared.script.remove(0) };
        shared.received.push(Received { headers, body, signature_ok, answered: status });
        status
    };
    if answered == 0 {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
    let reply = format!("HTTP/1.1 {answered} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    stream.write_all(reply.as_bytes()).await?;
    Ok(())
}

/// The signature the CRM must send, computed independently of its code: HMAC-SHA256 as in
/// RFC 2104 over `"{timestamp}.{body}"`, hex, prefixed `sha256=`.
pub fn signature(secret: &str, timestamp: &str, body: &str) -> String {
    use sha2::{Digest, Sha256};
    const BLOCK: usize = 64;
    let mut key = secret.as_bytes().to_vec();
    if key.len() > BLOCK {
        key = Sha256::digest(&key).to_vec();
    }
    key.resize(BLOCK, 0);
    let pad = |byte: u8| key.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(timestamp).chain_update(".").chain_update(body).finalize();
    let outer = Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize();
    format!("sha256={}", outer.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_independent_hmac_matches_openssl() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            super::signature("secret", "1700000000", r#"{"a":1}"#),
            "sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
    }
}
