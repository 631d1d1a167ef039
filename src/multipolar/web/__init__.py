"""The web service and dashboard (`multipolar serve`): see `app.create_app`."""
