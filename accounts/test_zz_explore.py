import pytest
from conftest import make_user, PASSWORD

@pytest.mark.django_db
def test_anon(client):
    r = client.get("/accounts/login/")
    print(r.content.decode())
