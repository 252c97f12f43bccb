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
echo_port=$(free_port)

# A plain WSGI service that answers with the request headers it received: the gateway's upstream.
"$PY" - "$echo_port" >"$ops/echo.log" 2>&1 <<'PYTHON' &
import json, sys
from wsgiref.simple_server import make_server, WSGIRequestHandler

def app(environ, start_response):
    headers = {k[5:].replace('_', '-').title(): v for k, v in environ.items() if k.startswith('HTTP_')}
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps(headers).encode()]

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

make_server('127.0.0.1', int(sys.argv[1]), app, handler_class=Quiet).serve_forever()
PYTHON
echo_pid=$!

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
gateway:
  routes:
    - prefix: /echo/
      upstream: http://127.0.0.1:$echo_port/
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

check "serve: a WSGI app behind the gateway gets the identity headers keystonemiddleware sets for the same token" \
  "$PY" -c "
import json, os, webob, webob.dec
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystonemiddleware import auth_token
url, pw = os.environ['OPS_URL'], os.environ['OPS_PASSWORD']
admin = v3.Password(auth_url=url + '/v3', username='admin', user_domain_id='default', password=pw,
                    project_name='admin', project_domain_id='default')
token = session.Session(auth=admin).get_token()
import urllib.request
request = urllib.request.Request(url + '/echo/servers', headers={'X-Auth-Token': token, 'X-User-Id': 'spoofed',
                                                                  'X-Roles': 'admin,spoofed'})
behind_gateway = json.load(urllib.request.urlopen(request))
seen = {}
@webob.dec.wsgify
def app(req):
    seen.update(req.headers)
    return webob.Response(b'{}')
conf = {'www_authenticate_uri': url, 'auth_url': url, 'auth_type': 'password', 'username': 'admin',
        'user_domain_id': 'default', 'password': pw, 'project_name': 'admin', 'project_domain_id': 'default',
        'interface': 'public', 'delay_auth_decision': False, 'service_token_roles_required': False}
response = webob.Request.blank('/servers', headers={'X-Auth-Token': token}).get_response(auth_token.AuthProtocol(app, conf))
assert response.status_int == 200, response.status
names = ['X-Identity-Status', 'X-User-Id', 'X-User-Name', 'X-User-Domain-Id', 'X-User-Domain-Name',
         'X-Project-Id', 'X-Project-Name', 'X-Project-Domain-Id', 'X-Project-Domain-Name']
for name in names:
    assert behind_gateway.get(name) == seen.get(name), (name, behind_gateway.get(name), seen.get(name))
assert sorted(behind_gateway['X-Roles'].split(',')) == sorted(seen['X-Roles'].split(',')), (behind_gateway, seen)
assert 'spoofed' not in json.dumps(behind_gateway), behind_gateway
"

kill -TERM "$echo_pid" 2>/dev/null
kill -TERM "$ops_pid" 2>/dev/null
wait "$ops_pid" 2>/dev/null
kdestroy -q 2>/dev/null || true
su postgres -c "dropdb --if-exists $ops_db; psql -q -c 'DROP ROLE IF EXISTS $ops_db'" >/dev/null 2>&1
