# MIT Kerberos: kinit with the krb5.conf the dev server wrote, then curl --negotiate.

export KRB5_CONFIG="$DATA/krb5.conf"
export KRB5CCNAME="FILE:$work/krb5cc_interop"

check "curl without a ticket gets 401 with WWW-Authenticate: Negotiate" \
  bash -c 'kdestroy -q 2>/dev/null; out=$(curl -s -D - -o /dev/null "$URL/v1/auth/whoami"); echo "$out" | grep -q "^HTTP/1.1 401" && echo "$out" | grep -qi "^WWW-Authenticate: Negotiate"'

check "kinit alice from her keytab" \
  kinit -kt "$DATA/keytabs/alice.keytab" alice

check "curl --negotiate names alice and her roles on demo" \
  bash -c 'curl -fsS --negotiate -u : -H "X-Project-Name: demo" "$URL/v1/auth/whoami" | python3 -c "
import json, sys
body = json.load(sys.stdin)
assert body[\"principal\"] == \"alice@EXAMPLE.COM\", body
assert body[\"user\"][\"name\"] == \"alice\", body
assert body[\"scope\"][\"project\"][\"name\"] == \"demo\", body
roles = sorted(r[\"name\"] for r in body[\"roles\"])
assert roles == [\"member\", \"reader\"], roles
"'

check "the server authenticates itself back (mutual authentication)" \
  bash -c 'curl -s -D - -o /dev/null --negotiate -u : "$URL/v1/auth/whoami" | grep -qiE "^WWW-Authenticate: Negotiate [A-Za-z0-9+/=]{20,}"'

check "kinit bob with his password; bob has admin on ops through his group" \
  bash -c 'kdestroy -q; awk "\$1==\"bob\"{print \$2}" "$DATA/credentials.txt" | kinit bob >/dev/null &&
    curl -fsS --negotiate -u : -H "X-Project-Name: ops" -H "X-Project-Domain-Name: corp" "$URL/v1/auth/whoami" |
    python3 -c "import json,sys; b=json.load(sys.stdin); assert \"admin\" in [r[\"name\"] for r in b[\"roles\"]], b"'

kdestroy -q 2>/dev/null || true

check "the compute service (kinit from its keytab) looks up alice's roles on demo" \
  bash -c 'kinit -kt "$DATA/keytabs/compute.keytab" compute &&
    curl -fsS --negotiate -u : "$URL/v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo&project_domain=Default" |
    python3 -c "import json,sys; b=json.load(sys.stdin); assert sorted(r[\"name\"] for r in b[\"roles\"])==[\"member\",\"reader\"], b"'

check "alice, who is no service, is refused the lookup API with 403" \
  bash -c 'kinit -kt "$DATA/keytabs/alice.keytab" alice &&
    test "$(curl -s -o /dev/null -w "%{http_code}" --negotiate -u : "$URL/v1/lookup?user_id=x&system=all")" = 403'

kdestroy -q 2>/dev/null || true
