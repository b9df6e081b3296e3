"""Infrastructure every app uses: domain errors, the API's shared parts and the pages' error helpers. Imports no app."""
