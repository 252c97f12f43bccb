# Client certificates: curl --cert and openssl s_client against the HTTPS listener.

TLS_URL="https://localhost:$TLS_PORT"
PKI="$DATA/pki"

check "curl --cert alice.pem gets 200 naming alice" \
  bash -c 'curl -fsS --cert "$DATA/pki/clients/alice.pem" --key "$DATA/pki/clients/alice-key.pem" \
      --cacert "$DATA/pki/ca.pem" "https://localhost:$TLS_PORT/v1/auth/whoami" |
    python3 -c "import json,sys; b=json.load(sys.stdin); assert b[\"user\"][\"name\"]==\"alice\" and b[\"mechanism\"]==\"x509\", b"'

check "mallory's revoked certificate is refused with 401 saying so" \
  bash -c 'out=$(curl -s -w "\n%{http_code}" --cert "$DATA/pki/clients/mallory.pem" --key "$DATA/pki/clients/mallory-key.pem" \
      --cacert "$DATA/pki/ca.pem" "https://localhost:$TLS_PORT/v1/auth/whoami");
    test "$(echo "$out" | tail -n1)" = 401 && echo "$out" | grep -q "revoked"'

check "openssl s_client: the server asks for a client certificate and speaks TLS 1.3" \
  bash -c 'out=$(echo | openssl s_client -connect "localhost:$TLS_PORT" -CAfile "$DATA/pki/ca.pem" -tls1_3 2>&1);
    echo "$out" | grep -q "Acceptable client certificate CA names" && echo "$out" | grep -q "TLSv1.3"'

# RSA keys are covered by the tests (CurlOpenSslInteropTest runs curl and openssl against an RSA
# dev PKI, DevRsaKeysTest the server with one); here only the launcher's answer to a data
# directory of the other key type, on a copy of this server's PKI so nothing of it is touched.
check "tokenless dev --key-type rsa-2048 on an EC data directory refuses before starting anything" \
  bash -c 'copy=$(mktemp -d); trap "rm -rf \"$copy\"" EXIT; cp -r "$DATA/pki" "$copy/pki";
    if out=$(timeout 120 ./tokenless dev --key-type rsa-2048 --data-dir "$copy" --port 0 --tls-port 0 --kdc-port 0 2>&1); then
      echo "started: $out"; exit 1; fi;
    echo "$out" | grep -q "ec-p256 keys.*not rsa-2048" && test ! -e "$copy/postgres"'
