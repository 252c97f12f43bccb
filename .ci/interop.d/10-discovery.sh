# Version discovery as Keystone clients do it.

check "GET /v3 answers Keystone's version document" \
  bash -c 'curl -fsS "$URL/v3" | python3 -c "import json,sys; v=json.load(sys.stdin)[\"version\"]; assert v[\"id\"]==\"v3.14\" and v[\"status\"]==\"stable\", v"'

check "GET / answers 300 with the versions list" \
  bash -c 'test "$(curl -s -o /dev/null -w "%{http_code}" "$URL/")" = 300'

check "keystoneauth discovers the identity v3 API" \
  "$PY" -c "
import os
from keystoneauth1 import discover, session
d = discover.Discover(session.Session(), os.environ['URL'] + '/v3')
data = d.version_data()
assert data and data[0]['version'] == (3, 14), data
print(data[0]['url'])
"
