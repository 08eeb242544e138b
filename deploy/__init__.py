"""Deployment files and deploy/local.py (see deploy/README.md)."""
