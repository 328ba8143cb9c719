"""A short run of the fuzzer (tests/fuzz_inputs.py): no crash, only ValueError/TypeError."""

import pytest

import fuzz_inputs


@pytest.mark.parametrize("target", sorted(fuzz_inputs.TARGETS))
def test_random_inputs_raise_only_value_or_type_errors(target):
    assert fuzz_inputs.run(400, seed=1, targets=[target]) == []
