"""The API infrastructure the apps share: the error format, pagination, strict input fields."""
