"""Lines the tests want in the summary (e.g. each layout's page vs PyTorch accuracies), printed
after the results whether or not output is captured."""
import pytest

LINES = []


@pytest.fixture
def say():
    return LINES.append


def pytest_terminal_summary(terminalreporter):
    for line in LINES:
        terminalreporter.write_line(line)
