"""RQ jobs for the recordings: trivial work, so the capture shows only the library's commands."""


def double(x):
    return 2 * x
