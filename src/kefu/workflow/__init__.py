"""Cases through reviews, public notice and objections: promotion, election, Eagle plan."""
