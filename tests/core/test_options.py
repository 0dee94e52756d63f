import pytest

from algofolio.core import ConfigError, RebalanceFrequency, VaRMethod, check_option


def test_accepts_each_allowed_value() -> None:
    for value in ("daily", "weekly", "monthly", "quarterly", "yearly"):
        assert check_option(value, RebalanceFrequency, "frequency") == value


def test_error_names_the_key_and_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"var\.method: 'gausian' is not one of") as err:
        check_option("gausian", VaRMethod, "var.method")
    assert err.value.key == "var.method"
    assert "'gaussian'" in str(err.value)
