# Nhắc việc (nhacviec): the bot in one slim image that runs as a non-root user.
#   docker build -t nhacviec .
#   docker run -d -e NHACVIEC_TELEGRAM_TOKEN=... -v nhacviec-var:/app/var nhacviec   # SQLite in /app/var
# or, with PostgreSQL and the schedules edited on the host: docker compose up -d (see README, "Chạy bot").
# Secrets come only from the environment at run time; none is baked into the image.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, pinned and hashed (the build extra brings setuptools), so that a code change
# does not reinstall them.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY pyproject.toml README.md config.yaml ./
COPY bot/ bot/
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && rm -rf build nhacviec.egg-info \
    && groupadd --system --gid 10001 nhacviec \
    && useradd --system --uid 10001 --gid nhacviec --no-create-home --home-dir /app \
        --shell /usr/sbin/nologin nhacviec \
    && mkdir -p /app/var \
    && chown nhacviec:nhacviec /app/var

# The shipped plans; docker-compose.yml mounts ./schedules over them (read-only) so that admins edit
# the YAML on the host and the running bot reloads it.
COPY schedules/ schedules/

# Numeric, so that the host and Kubernetes (runAsNonRoot) can tell it is not root.
USER 10001:10001

# Healthy = the code and config.yaml load and the database answers (SQLite under /app/var by default,
# PostgreSQL when NHACVIEC_DATABASE_URL says so).
HEALTHCHECK --interval=60s --timeout=15s --start-period=30s --retries=3 \
    CMD ["python", "-c", "from sqlalchemy import text; from bot.config import load_settings; from bot.store.repository import make_engine; make_engine(load_settings().database_url).connect().execute(text('select 1'))"]

# Without NHACVIEC_TELEGRAM_TOKEN, `run` explains what is missing, prints the simulated reminders and exits 0.
CMD ["nhacviec", "run"]
