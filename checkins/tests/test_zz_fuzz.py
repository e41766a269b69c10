from hypothesis import HealthCheck, given, settings, strategies as st
from circles.tests.test_api import api_client, call

json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4), max_leaves=10)
keys = st.sampled_from(["state","feelings","sensations","urges","connections","note","audience","chosen","professional_may_see","craving"])
vals = st.one_of(json, st.dictionaries(st.sampled_from(["anxious","hopeful","x"]), st.integers(-3, 12)),
   st.lists(st.fixed_dictionaries({"region": st.sampled_from(["chest","jaw","x"]), "kind": st.sampled_from(["tight","x"])})),
   st.fixed_dictionaries({"level": st.integers(-2, 10**20)}, optional={"used": json, "audience": st.sampled_from(["circle","chosen","only_me","x"]), "chosen": json}),
   st.sampled_from(["activated","settled","circle","chosen"]))

@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.dictionaries(keys, vals, max_size=8), who=st.sampled_from(["alice","bob"]))
def test_fuzz(cast, body, who):
    body = {"circle": str(cast.circle.pk), **body}
    r = call(api_client(getattr(cast, who)), "POST", "/checkins", body)
    assert r.status_code in (201, 422), (r.status_code, body, r.content[:300])

@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.dictionaries(st.sampled_from(["with_member","minutes","tool","reason","share_reason"]), st.one_of(json, st.integers(-10, 10**20))))
def test_fuzz_timeout(cast, body):
    body = {"circle": str(cast.circle.pk), "with_member": str(cast.bob.pk), **body}
    r = call(api_client(cast.alice), "POST", "/checkins/timeouts", body)
    assert r.status_code in (201, 422), (r.status_code, body, r.content[:300])
