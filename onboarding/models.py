"""Digital-maturity assessments, plans and the programme dashboard: built by the onboarding issue."""
