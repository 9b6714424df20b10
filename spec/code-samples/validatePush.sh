# Check a push without sending it: same checks and answer shape, nothing is delivered.
curl -sS -X POST "${BASE_URL:-http://127.0.0.1:8080}/v4/push/validate" \
  -u "$APP_KEY:$MASTER_SECRET" \
  -H 'Content-Type: application/json' \
  -d '{
    "to": { "alias": ["alice", "bob"] },
    "body": {
      "platform": ["android", "ios"],
      "message": { "title": "Sync", "msg_content": "refresh" },
      "options": { "time_to_live": 3600 }
    }
  }'
# → {"request_id":"","msg_id":"…"}  (a placeholder id: it cannot be recalled)
