"""Dialogs: import (with its report), export, crash."""
