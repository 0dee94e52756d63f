"""The public API is a document: each package's ``__all__`` lists exactly its public names."""

import importlib
import pkgutil

import pytest

import algofolio

PACKAGES = sorted(m.name for m in pkgutil.iter_modules(algofolio.__path__, "algofolio.") if m.ispkg)


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_exactly_the_public_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(getattr(module, "__all__", ()))
    public = {
        n
        for n, value in vars(module).items()
        if not n.startswith("_") and not isinstance(value, type(importlib))
    }
    assert exported == public, f"{name}: __all__ differs from its public names"
