"""Start the dashboard: ``python app.py`` (development) or ``gunicorn app:server`` (production)."""

from dashboard.app import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    settings = server.config["REPOSITORY"].settings
    app.run(host=settings.HOST, port=settings.PORT, debug=settings.DEBUG)
