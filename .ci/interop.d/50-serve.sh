# A production-style deployment that follows docs/operations.md step by step: the system
# PostgreSQL, a keytab and certificates (the dev KDC and dev CA stand in for the corporate ones),
# a Fernet key repository, `db migrate`, `bootstrap`, `serve`.

ops="$work/ops"
mkdir -p "$ops"
ops_port=$(free_port)
ops_tls_port=$(free_port)
ops_url="http://localhost:$ops_port"
ops_db="tokenless_ops_$$"
ops_password="ops-$(date +%s)-$$"

pg_version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $4}' | grep -q online; then
  pg_ctlcluster "$pg_version" main start
fi
check "PostgreSQL: a login role and a database for tokenless" \
  bash -c "su postgres -c \"psql -q -c \\\"CREATE ROLE $ops_db LOGIN PASSWORD '$ops_password'\\\"\" &&
           su postgres -c \"createdb -O $ops_db $ops_db\""
export TOKENLESS_DB_PASSWORD="$ops_password"

./tokenless fernet setup --keys "$ops/fernet-keys" >/dev/null
install -m 600 "$DATA/keytabs/HTTP-localhost.keytab" "$ops/http.keytab"
mkdir -p "$ops/pki"
install -m 644 "$DATA/pki/server.pem" "$DATA/pki/ca.pem" "$DATA/pki/crl.pem" "$ops/pki/"
install -m 600 "$DATA/pki/server-key.pem" "$ops/pki/"

cat > "$ops/tokenless.yaml" <<YAML
server:
  port: $ops_port
  publicUrl: $ops_url
tls:
  port: $ops_tls_port
  certificate: pki/server.pem
  privateKey: pki/server-key.pem
  clientCa: pki/ca.pem
  crls: [pki/crl.pem]
database:
  url: jdbc:postgresql://127.0.0.1:5432/$ops_db
  user: $ops_db
kerberos:
  keytab: http.keytab
  principals: [HTTP/localhost@EXAMPLE.COM]
  krb5Conf: $DATA/krb5.conf
fernet:
  keyRepository: fernet-keys
passwords:
  bcryptCost: 10
mapping:
  rules:
    - match: [{attribute: KRB5_REALM, equals: EXAMPLE.COM}, {attribute: KRB5_INSTANCE, present: false}]
      user: "{KRB5_PRIMARY}"
      domain: {id: default}
      provision: shadow
    - match: [{attribute: SSL_CLIENT_S_DN_OU, equals: Default}]
      user: "{SSL_CLIENT_S_DN_CN}"
      domain: {id: default}
      provision: shadow
YAML

check "tokenless db migrate" ./tokenless db migrate --config "$ops/tokenless.yaml"
check "tokenless bootstrap" env TOKENLESS_BOOTSTRAP_PASSWORD="$ops_password" \
  ./tokenless bootstrap --config "$ops/tokenless.yaml"

./tokenless serve --config "$ops/tokenless.yaml" >"$ops/serve.log" 2>&1 &
ops_pid=$!
for _ in $(seq 1 120); do grep -q '^tokenless ready:' "$ops/serve.log" && break; sleep 0.5; done
check "tokenless serve becomes ready" grep -q '^tokenless ready:' "$ops/serve.log"

export OPS_URL=$ops_url OPS_TLS_PORT=$ops_tls_port OPS_PASSWORD=$ops_password
check "serve: SPNEGO with a kinit ticket (a shadow user is provisioned)" \
  bash -c 'kinit -kt "$DATA/keytabs/alice.keytab" alice &&
    curl -fsS --negotiate -u : "$OPS_URL/v1/auth/whoami" | python3 -c "import json,sys; b=json.load(sys.stdin); assert b[\"user\"][\"name\"]==\"alice\", b"'

check "serve: a client certificate over mutual TLS" \
  bash -c 'curl -fsS --cert "$DATA/pki/clients/alice.pem" --key "$DATA/pki/clients/alice-key.pem" --cacert "$DATA/pki/ca.pem" \
      "https://localhost:$OPS_TLS_PORT/v1/auth/whoami" | python3 -c "import json,sys; b=json.load(sys.stdin); assert b[\"mechanism\"]==\"x509\", b"'

check "serve: the bootstrap admin gets a token with the openstack CLI" \
  openstack --os-auth-url "$ops_url/v3" --os-identity-api-version 3 --os-username admin \
    --os-user-domain-id default --os-project-name admin --os-project-domain-id default \
    --os-password "$ops_password" token issue -f value -c id

kill -TERM "$ops_pid" 2>/dev/null
wait "$ops_pid" 2>/dev/null
kdestroy -q 2>/dev/null || true
su postgres -c "dropdb --if-exists $ops_db; psql -q -c 'DROP ROLE IF EXISTS $ops_db'" >/dev/null 2>&1
