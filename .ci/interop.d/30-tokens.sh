# Keystone tokens as the openstack CLI, keystoneauth and keystonemiddleware use them.
# Demo data of `tokenless dev`: alice (Default, member on demo), bob (corp), admin (Default,
# admin on demo and on the system); every demo password is $TOKENLESS_DEV_PASSWORD.

os_as() { # user project-or-domain-args... : the openstack CLI with password auth against $URL
  local user=$1; shift
  openstack --os-auth-url "$URL/v3" --os-identity-api-version 3 --os-auth-type password \
    --os-username "$user" --os-user-domain-id default --os-password "$TOKENLESS_DEV_PASSWORD" "$@"
}

token_issue_project() {
  os_as alice --os-project-name demo --os-project-domain-id default token issue -f json \
    | "${PY:-python3}" -c 'import json,sys; t=json.load(sys.stdin); assert t["id"].startswith("gAAAAA") and t["project_id"], t'
}

token_issue_domain() {
  # The demo admin holds admin on the system and on demo, not on a domain: grant one first.
  os_as admin --os-project-name demo --os-project-domain-id default role add --user admin --domain default member &&
  os_as admin --os-domain-id default token issue -f json \
    | "${PY:-python3}" -c 'import json,sys; t=json.load(sys.stdin); assert t["domain_id"] == "default", t'
}

check "openstack token issue, project-scoped, gives alice's token on demo" token_issue_project
check "openstack token issue, domain-scoped, gives admin's token on Default" token_issue_domain

check "openstack token revoke makes the token fail validation" \
  "${PY:-python3}" -c "
import os, subprocess, json
from keystoneauth1 import session
from keystoneauth1.identity import v3
url, pw = os.environ['URL'], os.environ['TOKENLESS_DEV_PASSWORD']
alice = v3.Password(auth_url=url + '/v3', username='alice', user_domain_id='default', password=pw,
                    project_name='demo', project_domain_id='default')
token = session.Session(auth=alice).get_token()
env = dict(os.environ, OS_AUTH_URL=url + '/v3', OS_IDENTITY_API_VERSION='3', OS_USERNAME='admin',
           OS_USER_DOMAIN_ID='default', OS_PASSWORD=pw, OS_PROJECT_NAME='demo', OS_PROJECT_DOMAIN_ID='default')
subprocess.run(['openstack', 'token', 'revoke', token], check=True, env=env)
admin = v3.Password(auth_url=url + '/v3', username='admin', user_domain_id='default', password=pw,
                    project_name='demo', project_domain_id='default')
r = session.Session(auth=admin).get(url + '/v3/auth/tokens', headers={'X-Subject-Token': token},
                                    raise_exc=False, endpoint_filter=None)
assert r.status_code == 404, (r.status_code, r.text)
"

check "keystonemiddleware auth_token passes a valid token's user, project and roles and refuses a revoked one" \
  "${PY:-python3}" -c "
import os, json, webob, webob.dec
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystonemiddleware import auth_token
url, pw = os.environ['URL'], os.environ['TOKENLESS_DEV_PASSWORD']

@webob.dec.wsgify
def app(req):
    seen = {k: req.headers.get(k) for k in ('X-User-Id', 'X-Project-Id', 'X-Roles')}
    return webob.Response(json.dumps(seen).encode(), content_type='application/json')

conf = {'www_authenticate_uri': url, 'auth_url': url, 'auth_type': 'password', 'username': 'admin',
        'user_domain_id': 'default', 'password': pw, 'project_name': 'demo', 'project_domain_id': 'default',
        'interface': 'public', 'delay_auth_decision': False, 'service_token_roles_required': False}
wrapped = auth_token.AuthProtocol(app, conf)
alice = v3.Password(auth_url=url + '/v3', username='alice', user_domain_id='default', password=pw,
                    project_name='demo', project_domain_id='default')
s = session.Session(auth=alice)
token, user_id, project_id = s.get_token(), s.get_user_id(), s.get_project_id()
ok = webob.Request.blank('/servers', headers={'X-Auth-Token': token}).get_response(wrapped)
assert ok.status_int == 200, (ok.status, ok.body)
seen = json.loads(ok.body)
assert seen['X-User-Id'] == user_id and seen['X-Project-Id'] == project_id, seen
assert 'member' in seen['X-Roles'].split(','), seen
admin = v3.Password(auth_url=url + '/v3', username='admin', user_domain_id='default', password=pw,
                    project_name='demo', project_domain_id='default')
r = session.Session(auth=admin).delete(url + '/v3/auth/tokens', headers={'X-Subject-Token': token})
assert r.status_code == 204, r.status_code
# A fresh middleware: the first one may have cached the token as valid, as keystonemiddleware does.
fresh = auth_token.AuthProtocol(app, conf)
refused = webob.Request.blank('/servers', headers={'X-Auth-Token': token}).get_response(fresh)
assert refused.status_int == 401, (refused.status, refused.body)
assert 'Keystone uri=' in refused.headers.get('WWW-Authenticate', ''), refused.headers
"
